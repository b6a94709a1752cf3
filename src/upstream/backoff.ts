/** How long to wait between attempts: exponential growth from a base, capped. */
export interface BackoffPolicy {
  /** The wait before the second attempt, in milliseconds. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this, in milliseconds. */
  readonly maxDelayMs: number;
}

/**
 * Returns the wait in milliseconds after the failed attempt number `attempt` (1 for the first):
 * `baseDelayMs * 2^(attempt - 1)`, capped at `maxDelayMs`, then jittered into its upper half.
 * Keeping the lower half out means a wait never collapses to zero, while the jitter still spreads
 * callers that failed together so they do not retry in lockstep.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason once it aborts. The timer
 * is cleared on abort so a cancelled wait keeps no process alive.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
