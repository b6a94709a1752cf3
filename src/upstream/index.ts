/**
 * The upstream client: the only module that talks to Digital Turbine's User Level Reporting API
 * (and the only one importing undici). See shared/dt-api.md for the contract it follows.
 */
export { createUpstreamClient, type UpstreamClient } from './client';
export {
  DEFAULT_POLL,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  DEFAULT_TOKEN_REFRESH_MARGIN_MS,
  type UpstreamClientOptions,
  type UpstreamTimeouts,
} from './client-options';
export {
  InvalidReportTicketError,
  ReportNotReadyError,
  ReportUrlExpiredError,
  UpstreamConfigurationError,
  UpstreamCredentialsRejectedError,
  UpstreamDownloadError,
  UpstreamError,
  UpstreamInvalidQueryError,
  UpstreamRateLimitedError,
  UpstreamUnavailableError,
  type UpstreamErrorContext,
  type UpstreamStep,
} from './errors';
export type { DownloadOptions, PollPolicy } from './report-download';
export type { DownloadedReport, ReportTicket } from './report-ticket';
export { defaultReportRequestTemplate, type ReportRequestTemplate } from './request-template';
export type { RetryPolicy } from './retry';
export type { UpstreamCallEvent } from './upstream-call';
