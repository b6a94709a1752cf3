import type { Logger } from '../logging/logger';
import { backoffDelayMs, sleep, type BackoffPolicy } from './backoff';
import {
  UpstreamError,
  UpstreamRateLimitedError,
  UpstreamUnavailableError,
  type UpstreamErrorContext,
  type UpstreamStep,
} from './errors';
import { parseRetryAfterMs } from './retry-after';

/** How often and how patiently a token or report call is repeated after a transient failure. */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** A `Retry-After` longer than this is not waited out: the call fails at once instead. */
  readonly maxRetryAfterMs: number;
}

export interface RetryDependencies {
  readonly logger: Logger;
  readonly random: () => number;
  readonly signal?: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, repeating it while it throws a retryable `UpstreamError` of
 * this same step, at most `policy.maxAttempts` times in all. Between attempts it waits what the
 * vendor asked for in `Retry-After`, else an exponential backoff with jitter, and logs the wait.
 * Errors of another step are never repeated here: a token failure has spent its own retries.
 */
export async function withRetries<T>(
  step: UpstreamStep,
  policy: RetryPolicy,
  deps: RetryDependencies,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const repeatable = error instanceof UpstreamError && error.retryable && error.step === step;
      if (!repeatable || attemptNumber >= policy.maxAttempts) throw error;

      const retryAfterMs = error.context.retryAfterMs;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) throw error;
      const waitMs = retryAfterMs ?? backoffDelayMs(attemptNumber, policy, deps.random);
      deps.logger.warn(
        { ...error.context, code: error.code, waitMs },
        'retrying upstream call after transient failure',
      );
      await sleep(waitMs, deps.signal);
    }
  }
}

/**
 * Classifies the statuses that are worth another attempt on any call: 429 (rate limited) and
 * 5xx (vendor fault), each carrying the vendor's `Retry-After` wait if it sent one. Returns
 * undefined for every other status. `nowMs` is the client's clock, for HTTP-date values.
 */
export function transientStatusError(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  context: UpstreamErrorContext,
  nowMs: number,
): UpstreamError | undefined {
  if (status !== 429 && status < 500) return undefined;
  const retryAfterMs = parseRetryAfterMs(headers['retry-after'], nowMs);
  const fullContext = { ...context, status, retryAfterMs };
  const where = context.day === undefined ? '' : ` for report day ${context.day}`;
  const attempt = context.attempt === undefined ? '' : ` on attempt ${context.attempt}`;
  const wait = retryAfterMs === undefined ? '' : `, Retry-After ${retryAfterMs} ms`;
  if (status === 429) {
    return new UpstreamRateLimitedError(
      `Upstream ${context.step} call was rate limited (HTTP 429)${where}${attempt}${wait}.`,
      fullContext,
    );
  }
  const vendor = context.vendorError === undefined ? '' : ` (${context.vendorError})`;
  return new UpstreamUnavailableError(
    `Upstream ${context.step} call answered HTTP ${status}${vendor}${where}${attempt}${wait}.`,
    fullContext,
  );
}
