import { Agent, type Dispatcher } from 'undici';

import {
  DEFAULT_POLL,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  DEFAULT_TOKEN_REFRESH_MARGIN_MS,
  type UpstreamClientOptions,
} from './client-options';
import { UpstreamConfigurationError, UpstreamInvalidQueryError } from './errors';
import { downloadReportFile, type DownloadOptions } from './report-download';
import { requestReportTicket } from './report-request';
import { isReportDay, type DownloadedReport, type ReportTicket } from './report-ticket';
import { defaultReportRequestTemplate, templateUrl } from './request-template';
import { AccessTokenCache } from './token-cache';
import { requestAccessToken } from './token-request';
import type { CallDependencies } from './upstream-call';

/**
 * The only way the gateway talks to the vendor. A day is pulled in two phases so the caller can
 * persist the ticket in between and resume after a restart without a new report request:
 * `requestReport` (token, then report request) and `downloadReport` (poll, then stream to disk).
 */
export interface UpstreamClient {
  /** Steps 1-2: requests the report of one UTC day ('YYYY-MM-DD') and returns its ticket. */
  requestReport(day: string, options?: { signal?: AbortSignal }): Promise<ReportTicket>;
  /** Step 3: polls the ticket's URL until the file is ready and stores it in `directory`. */
  downloadReport(ticket: ReportTicket, options: DownloadOptions): Promise<DownloadedReport>;
  /** Closes the connections; calls in flight fail. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Creates the upstream client with one undici Agent for every origin it reaches (the vendor's
 * API and the host of its pre-signed URLs), a token cache, and the retry and poll policies.
 * Throws `UpstreamConfigurationError` for a base URL that is not http(s) or empty credentials.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const template = options.requestTemplate ?? defaultReportRequestTemplate;
  const tokenUrl = resolveUrl(options.baseUrl, template.tokenPath);
  const reportUrl = resolveUrl(options.baseUrl, template.reportPath, template.reportQuery);
  if (options.clientId === '' || options.clientSecret === '') {
    throw new UpstreamConfigurationError(
      'Upstream client id and client secret must both be non-empty; got an empty value.',
      { step: 'token' },
    );
  }

  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const ownAgent =
    options.dispatcher === undefined
      ? new Agent({
          connect: { timeout: timeouts.connectMs },
          headersTimeout: timeouts.headersMs,
          bodyTimeout: timeouts.bodyMs,
        })
      : undefined;
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
  const calls: CallDependencies = {
    dispatcher,
    logger: options.logger.child({ module: 'upstream' }),
    onCall: options.onCall,
  };

  const clock = options.now ?? (() => new Date());
  const nowMs = (): number => clock().getTime();
  const random = options.random ?? Math.random;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const poll = { ...DEFAULT_POLL, ...options.poll };

  const tokens = new AccessTokenCache(
    () =>
      requestAccessToken(calls, {
        tokenUrl,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        retry,
        random,
        nowMs,
      }),
    nowMs,
    options.tokenRefreshMarginMs ?? DEFAULT_TOKEN_REFRESH_MARGIN_MS,
  );
  let closing: Promise<void> | undefined;

  return {
    async requestReport(day, requestOptions = {}) {
      if (!isReportDay(day)) {
        throw new UpstreamInvalidQueryError(
          `Report day ${JSON.stringify(day)} is not a UTC day written 'YYYY-MM-DD'; nothing was sent upstream.`,
          { step: 'report' },
        );
      }
      const body = JSON.stringify(template.buildBody(day, options.source));
      return requestReportTicket(
        calls,
        tokens,
        { reportUrl, body, retry, random, nowMs },
        day,
        requestOptions.signal,
      );
    },

    downloadReport(ticket, downloadOptions) {
      return downloadReportFile(calls, { poll, random, nowMs }, ticket, downloadOptions);
    },

    close() {
      closing ??= ownAgent === undefined ? Promise.resolve() : ownAgent.close();
      return closing;
    },
  };
}

function resolveUrl(baseUrl: string, path: string, query?: Record<string, string>): URL {
  let url: URL | undefined;
  try {
    url = templateUrl(baseUrl, path, query);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UpstreamConfigurationError(
      `Upstream base URL ${JSON.stringify(baseUrl)} is not an http(s) URL; expected e.g. "https://reporting.fyber.com".`,
      { step: 'token' },
    );
  }
  return url;
}
