import type { Dispatcher } from 'undici';

import {
  UpstreamConfigurationError,
  UpstreamCredentialsRejectedError,
  UpstreamInvalidQueryError,
  UpstreamUnavailableError,
  type UpstreamErrorContext,
} from './errors';
import { parseHttpUrl, type ReportTicket } from './report-ticket';
import { withRetries, transientStatusError, type RetryPolicy } from './retry';
import type { AccessTokenCache } from './token-cache';
import { callUpstream, readJsonBody, vendorErrorOf, type CallDependencies } from './upstream-call';

export interface ReportRequestSettings {
  readonly reportUrl: URL;
  readonly body: string;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  readonly nowMs: () => number;
}

/**
 * Step 2 of the workflow: asks the vendor for the report of one UTC day and returns the ticket
 * (report id and pre-signed URL) to poll. A 401 drops the token, fetches a new one and repeats
 * the request once per call of this function; 429 and 5xx are repeated with backoff.
 * `requestedAt` is taken just before the successful attempt was sent, so the URL's lifetime
 * computed from it errs on the short side.
 */
export async function requestReportTicket(
  deps: CallDependencies,
  tokens: AccessTokenCache,
  settings: ReportRequestSettings,
  day: string,
  signal?: AbortSignal,
): Promise<ReportTicket> {
  let tokenRefreshed = false;
  const retryDeps = { ...deps, random: settings.random, signal };

  return withRetries('report', settings.retry, retryDeps, async (attempt) => {
    const context: UpstreamErrorContext = { step: 'report', day, attempt };
    const send = async (token: string): Promise<Dispatcher.ResponseData> =>
      callUpstream(deps, {
        method: 'POST',
        url: settings.reportUrl,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: settings.body,
        signal,
        context,
      });

    const requestedAtMs = settings.nowMs();
    const token = await tokens.get(signal);
    let response = await send(token);
    if (response.statusCode === 401 && !tokenRefreshed) {
      await response.body.dump();
      tokenRefreshed = true;
      tokens.invalidate(token);
      deps.logger.warn(context, 'report request got 401, refreshing the token and retrying once');
      response = await send(await tokens.get(signal));
    }

    const json = await readJsonBody(response);
    if (response.statusCode === 200) return ticketOf(json, day, requestedAtMs, context);
    throw reportFailure(response, json, context, settings.nowMs());
  });
}

function ticketOf(
  json: unknown,
  day: string,
  requestedAtMs: number,
  context: UpstreamErrorContext,
): ReportTicket {
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const { url, id } = record;
  const reportId = typeof id === 'number' ? String(id) : id;
  if (
    typeof reportId !== 'string' ||
    reportId === '' ||
    typeof url !== 'string' ||
    parseHttpUrl(url) === undefined
  ) {
    throw new UpstreamUnavailableError(
      `Upstream report response for day ${day} is malformed: expected a string id and an http(s) url, got id ${typeof id} and url ${typeof url}.`,
      { ...context, status: 200 },
    );
  }
  return { day, reportId, url, requestedAt: new Date(requestedAtMs).toISOString() };
}

function reportFailure(
  response: Dispatcher.ResponseData,
  json: unknown,
  context: UpstreamErrorContext,
  nowMs: number,
): Error {
  const status = response.statusCode;
  const vendor = vendorErrorOf(json);
  const failed = { ...context, status, vendorError: vendor.error };
  const transient = transientStatusError(status, response.headers, failed, nowMs);
  if (transient) return transient;

  const code = vendor.error ?? 'no error code';
  const detail = vendor.message === undefined ? '' : `: ${vendor.message}`;
  if (status === 401 || status === 403) {
    return new UpstreamCredentialsRejectedError(
      `Upstream refused a freshly issued token for the report of day ${context.day} (HTTP ${status}, ${code})${detail}; the account may be disabled or the credentials revoked.`,
      failed,
    );
  }
  if (vendor.error === 'invalid_query') {
    return new UpstreamInvalidQueryError(
      `Upstream rejected the report query for day ${context.day} (invalid_query)${detail}; the body is built by the client's report request template.`,
      failed,
    );
  }
  return new UpstreamConfigurationError(
    `Upstream refused the report request for day ${context.day} (HTTP ${status}, ${code})${detail}; check the base URL and the report request template.`,
    failed,
  );
}
