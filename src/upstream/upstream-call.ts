import { performance } from 'node:perf_hooks';

import { request, type Dispatcher } from 'undici';

import type { Logger } from '../logging/logger';
import { UpstreamUnavailableError, type UpstreamErrorContext, type UpstreamStep } from './errors';

/** One finished call to the vendor, as reported to the `onCall` hook (e.g. for metrics). */
export interface UpstreamCallEvent {
  readonly step: UpstreamStep;
  /** `ok` for 2xx, `http-error` for any other status, `network-error` when no response came. */
  readonly outcome: 'ok' | 'http-error' | 'network-error';
  readonly status?: number;
  /** Time until the response headers arrived, in milliseconds. */
  readonly durationMs: number;
}

/** What every call needs: the one dispatcher, the module's logger and the diagnostic hook. */
export interface CallDependencies {
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  readonly onCall?: (event: UpstreamCallEvent) => void;
}

/** One HTTP call of the workflow; `context` names it in logs and errors. */
export interface UpstreamCallRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  readonly context: UpstreamErrorContext;
}

/**
 * Sends one request and returns the response with its body unread; the caller must consume or
 * dump the body. Logs the call at debug level (step, status, duration ms) with the URL stripped
 * of its query string, which holds the pre-signed URL's signature. A failure before any response
 * becomes a retryable `UpstreamUnavailableError`; an abort by the caller's signal is rethrown
 * unchanged.
 */
export async function callUpstream(
  deps: CallDependencies,
  call: UpstreamCallRequest,
): Promise<Dispatcher.ResponseData> {
  const started = performance.now();
  const url = loggableUrl(call.url);
  try {
    const response = await request(call.url, {
      dispatcher: deps.dispatcher,
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: call.signal,
    });
    const durationMs = Math.round(performance.now() - started);
    const status = response.statusCode;
    deps.logger.debug(
      { ...call.context, method: call.method, url, status, durationMs },
      'upstream call',
    );
    const outcome = status >= 200 && status < 300 ? 'ok' : 'http-error';
    deps.onCall?.({ step: call.context.step, outcome, status, durationMs });
    return response;
  } catch (error) {
    if (call.signal?.aborted) throw call.signal.reason;
    const durationMs = Math.round(performance.now() - started);
    const reason = describeNetworkError(error);
    deps.logger.debug(
      { ...call.context, method: call.method, url, reason, durationMs },
      'upstream call failed',
    );
    deps.onCall?.({ step: call.context.step, outcome: 'network-error', durationMs });
    throw new UpstreamUnavailableError(
      `Upstream ${call.context.step} call to ${url} got no response (${reason}).`,
      call.context,
      error,
    );
  }
}

/** The URL as it may be logged: origin and path, never the query string or credentials. */
export function loggableUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** A short, secret-free reason for a transport failure: undici's or Node's error code. */
export function describeNetworkError(error: unknown): string {
  // Duck-typed: errors from Node's core may come from another realm (e.g. under jest).
  const { code, name } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    name?: unknown;
  };
  if (typeof code === 'string') return code;
  return typeof name === 'string' ? name : 'unknown error';
}

/** The vendor's error body: JSON with an `error` key and, from the simulator, a `message`. */
export interface VendorErrorBody {
  readonly error?: string;
  readonly message?: string;
}

/**
 * Reads a small JSON response body. Returns undefined for an empty or non-JSON body rather than
 * failing, because error responses from proxies in front of the vendor are often HTML.
 */
export async function readJsonBody(response: Dispatcher.ResponseData): Promise<unknown> {
  const text = await response.body.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Picks the vendor's `error` code and human message out of a parsed error body. */
export function vendorErrorOf(json: unknown): VendorErrorBody {
  if (typeof json !== 'object' || json === null) return {};
  const record = json as Record<string, unknown>;
  const message = [record.message, record.error_description, record.description].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return {
    error: typeof record.error === 'string' ? record.error : undefined,
    message: message === undefined ? undefined : truncate(message, 300),
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
