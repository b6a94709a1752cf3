import { LtvError } from '../errors/ltv-error';

/** Which call of the vendor workflow failed. */
export type UpstreamStep = 'token' | 'report' | 'download';

/**
 * What an upstream error says about its call. Every value is safe to log: no credential, no
 * token and no pre-signed query string ever goes in here.
 */
export interface UpstreamErrorContext {
  step: UpstreamStep;
  /** The report day, 'YYYY-MM-DD' (UTC); absent for the token call. */
  day?: string;
  reportId?: string;
  /** The HTTP status the vendor answered with; absent when no response arrived. */
  status?: number;
  /** The vendor's `error` value, e.g. `invalid_client`. */
  vendorError?: string;
  /** Which attempt of this step failed, counting from 1. */
  attempt?: number;
  /** The `Retry-After` wait the vendor asked for, in milliseconds. */
  retryAfterMs?: number;
}

/**
 * The base of every error the upstream client raises. `retryable` tells the caller whether the
 * same call may succeed later without a change of configuration.
 */
export abstract class UpstreamError extends LtvError {
  declare readonly context: Readonly<UpstreamErrorContext>;
  abstract readonly retryable: boolean;

  constructor(code: string, message: string, context: UpstreamErrorContext, cause?: unknown) {
    super(code, message, { context: { ...context }, cause });
  }

  get step(): UpstreamStep {
    return this.context.step;
  }
}

/** The vendor did not answer, or answered 5xx or unexpectedly, after every allowed attempt. */
export class UpstreamUnavailableError extends UpstreamError {
  readonly retryable = true;
  constructor(message: string, context: UpstreamErrorContext, cause?: unknown) {
    super('UPSTREAM_UNAVAILABLE', message, context, cause);
  }
}

/** The vendor rejected the client id or secret (`invalid_client`, or a 401 after a new token). */
export class UpstreamCredentialsRejectedError extends UpstreamError {
  readonly retryable = false;
  constructor(message: string, context: UpstreamErrorContext) {
    super('UPSTREAM_CREDENTIALS_REJECTED', message, context);
  }
}

/** The request itself is malformed (`invalid_request`, `unsupported_grant_type`, other 4xx). */
export class UpstreamConfigurationError extends UpstreamError {
  readonly retryable = false;
  constructor(message: string, context: UpstreamErrorContext) {
    super('UPSTREAM_CONFIGURATION', message, context);
  }
}

/** The vendor refused the report body (`invalid_query`); the message carries the vendor's words. */
export class UpstreamInvalidQueryError extends UpstreamError {
  readonly retryable = false;
  constructor(message: string, context: UpstreamErrorContext) {
    super('UPSTREAM_INVALID_QUERY', message, context);
  }
}

/** The vendor kept answering 429, or asked for a longer wait than the client accepts. */
export class UpstreamRateLimitedError extends UpstreamError {
  readonly retryable = true;
  constructor(message: string, context: UpstreamErrorContext) {
    super('UPSTREAM_RATE_LIMITED', message, context);
  }
}

/** The report file was still not ready when the poll deadline passed; the URL may still work. */
export class ReportNotReadyError extends UpstreamError {
  readonly retryable = true;
  constructor(message: string, context: UpstreamErrorContext) {
    super('UPSTREAM_REPORT_NOT_READY', message, context);
  }
}

/** The pre-signed URL outlived its validity (3 h); only a new report request can help. */
export class ReportUrlExpiredError extends UpstreamError {
  readonly retryable = false;
  constructor(message: string, context: UpstreamErrorContext) {
    super('UPSTREAM_URL_EXPIRED', message, context);
  }
}

/**
 * The file transfer broke (connection reset, body shorter than announced, disk error). No partial
 * file is left behind, and downloading the same ticket again may succeed.
 */
export class UpstreamDownloadError extends UpstreamError {
  readonly retryable = true;
  constructor(message: string, context: UpstreamErrorContext, cause?: unknown) {
    super('UPSTREAM_DOWNLOAD_FAILED', message, context, cause);
  }
}

/** A ticket handed back for download is malformed (e.g. read back damaged from the store). */
export class InvalidReportTicketError extends UpstreamError {
  readonly retryable = false;
  constructor(message: string, context: UpstreamErrorContext) {
    super('UPSTREAM_INVALID_TICKET', message, context);
  }
}
