import type { Dispatcher } from 'undici';

import type { Logger } from '../logging/logger';
import type { PollPolicy } from './report-download';
import type { ReportRequestTemplate } from './request-template';
import type { RetryPolicy } from './retry';
import type { UpstreamCallEvent } from './upstream-call';

/** HTTP timeouts of the client's one dispatcher, in milliseconds. */
export interface UpstreamTimeouts {
  /** Establishing a connection (TCP and TLS). */
  readonly connectMs: number;
  /** Waiting for the response headers once the request is sent. */
  readonly headersMs: number;
  /** Waiting between two chunks of a response body (not for the whole body). */
  readonly bodyMs: number;
}

/** Everything `createUpstreamClient` accepts; all but the first four have defaults. */
export interface UpstreamClientOptions {
  /** The vendor's base URL, e.g. https://reporting.fyber.com (a path prefix is kept). */
  readonly baseUrl: string;
  readonly clientId: string;
  /** Sent to the token call only; never logged nor quoted. */
  readonly clientSecret: string;
  readonly logger: Logger;
  /** The optional `source` value of the report body. */
  readonly source?: string;
  /** The clock used for token expiry, URL expiry and HTTP dates; the system clock by default. */
  readonly now?: () => Date;
  /** A uniform draw in [0, 1) for backoff jitter; Math.random by default. */
  readonly random?: () => number;
  /** Retries of the token and report calls. */
  readonly retry?: Partial<RetryPolicy>;
  /** Polling of the download URL. */
  readonly poll?: Partial<PollPolicy>;
  /** How long before its expiry a token is replaced, in milliseconds (default 60 s). */
  readonly tokenRefreshMarginMs?: number;
  readonly timeouts?: Partial<UpstreamTimeouts>;
  /** Paths, query and body of the calls; see `defaultReportRequestTemplate`. */
  readonly requestTemplate?: ReportRequestTemplate;
  /** Called after every HTTP call with its step, outcome, status and duration (for metrics). */
  readonly onCall?: (event: UpstreamCallEvent) => void;
  /**
   * A dispatcher to use instead of the client's own Agent; `timeouts` do not apply to it.
   * The caller owns it: `close()` leaves it open.
   */
  readonly dispatcher?: Dispatcher;
}

/** Defaults fitted to the vendor: files take minutes to appear and URLs live 3 hours. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
});

export const DEFAULT_POLL: PollPolicy = Object.freeze({
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  deadlineMs: 30 * 60_000,
  urlLifetimeMs: 3 * 60 * 60_000,
});

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = Object.freeze({
  connectMs: 10_000,
  headersMs: 60_000,
  bodyMs: 60_000,
});

export const DEFAULT_TOKEN_REFRESH_MARGIN_MS = 60_000;
