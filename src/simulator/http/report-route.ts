import type { IncomingMessage, ServerResponse } from 'node:http';

import { type AvailabilityRule, dayAvailability, pullableRange } from '../../availability/window';
import type { SimulatorState } from '../state';
import { readBody, sendError, sendJson } from './io';
import { checkReportQuery } from './report-request';

/**
 * POST /api/v1/report?format=csv: turns a one-day query into a pre-signed download URL. Checks
 * run in this order: bearer token (401), injected faults (500, 429), query string and body
 * (400), availability window (400), daily quota (429). Only accepted requests use the quota.
 */
export async function handleReportRequest(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { counters, faults, clock, options } = state;
  counters.reportRequests += 1;
  const body = await readBody(req);

  // 1. Bearer token.
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    sendError(
      res,
      401,
      'invalid_token',
      'The Authorization header is empty or has no bearer token.',
    );
    return;
  }
  const check = state.tokens.check(token, clock.nowMs());
  if (check !== 'valid') {
    const why = check === 'expired' ? 'has expired' : 'is not recognised (unknown or revoked)';
    sendError(res, 401, 'invalid_token', `The access token ${why}; request a new one.`);
    return;
  }

  // 2. Injected faults.
  if (faults.take('reportServerErrors')) {
    sendError(res, 500, 'internal_server_error', 'Simulated failure of the report service.');
    return;
  }
  if (faults.take('reportRateLimits')) {
    const retryAfter = faults.rateLimitRetryAfterSeconds;
    sendError(res, 429, 'rate_limited', `Too many requests; retry after ${retryAfter} s.`, {
      'retry-after': String(retryAfter),
    });
    return;
  }

  // 3. Query string and body.
  const format = url.searchParams.get('format');
  if (format !== 'csv') {
    const shown = format === null ? 'undefined' : JSON.stringify(format);
    sendError(
      res,
      400,
      'invalid_query',
      `Invalid value ${shown} supplied to : Query/ format (expected "csv")`,
    );
    return;
  }
  const query = checkReportQuery(body);
  if (!query.ok) {
    sendError(res, 400, 'invalid_query', query.message);
    return;
  }
  const { day } = query.query;
  counters.countDay(day, 'reportRequests');

  // 4. Availability window.
  const now = clock.now();
  const availability = dayAvailability(day, now, options.availability);
  if (availability !== 'pullable') {
    sendError(
      res,
      400,
      'invalid_query',
      outsideWindow(day, availability, now, options.availability),
    );
    return;
  }

  // 5. Daily quota.
  const quota = state.quota.take(now.getTime());
  if (!quota.granted) {
    sendError(
      res,
      429,
      'rate_limited',
      `The daily quota of ${options.dailyReportQuota} report requests is used up; retry after ${quota.retryAfterSeconds} s.`,
      {
        'retry-after': String(quota.retryAfterSeconds),
      },
    );
    return;
  }

  // 6. The report and its pre-signed URL.
  const readyAfterMs = faults.take('neverReadyReports')
    ? Infinity
    : faults.take('slowReports')
      ? faults.slowReadyMs
      : options.readyAfterMs;
  const report = state.reports.create(day, {
    requestedAtMs: now.getTime(),
    urlTtlMs: options.urlTtlMs,
    readyAfterMs,
    gzip: options.gzip,
  });
  counters.reportsCreated += 1;
  counters.countDay(day, 'reportsCreated');
  // As the vendor prepares the file while the URL answers "not ready"; readiness stays on time.
  state.fileCache?.prepare(day);
  state.logger.debug({ day, reportId: report.id, readyAfterMs }, 'report requested');
  const base =
    options.publicUrl ?? (req.headers.host ? `http://${req.headers.host}` : state.listenUrl);
  sendJson(res, 200, { url: `${base}${state.reports.signedPath(report)}`, id: report.id });
}

/** Says why `day` cannot be pulled at `now` and which days can. */
function outsideWindow(
  day: string,
  availability: 'gone' | 'not-yet',
  now: Date,
  rule: AvailabilityRule,
): string {
  const { oldest, newest } = pullableRange(now, rule);
  const why = availability === 'gone' ? 'is older than the window' : 'is not available yet';
  const minutes = Math.round(rule.availableHourUtc * 60);
  const hour = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `Date ${JSON.stringify(day)} ${why}: at ${now.toISOString()} the available days are ${oldest} to ${newest} (the previous ${rule.windowDays} days, yesterday's from ${hour} UTC).`;
}
