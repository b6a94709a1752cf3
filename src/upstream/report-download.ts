import { performance } from 'node:perf_hooks';

import { backoffDelayMs, sleep, type BackoffPolicy } from './backoff';
import {
  ReportNotReadyError,
  ReportUrlExpiredError,
  UpstreamDownloadError,
  UpstreamUnavailableError,
  type UpstreamErrorContext,
} from './errors';
import { writeReportFile, type StoredReportFile } from './report-file';
import { checkTicket, type DownloadedReport, type ReportTicket } from './report-ticket';
import { transientStatusError } from './retry';
import { callUpstream, type CallDependencies } from './upstream-call';

/** How the download URL is polled while the vendor produces the file. */
export interface PollPolicy extends BackoffPolicy {
  /** Polling gives up with `ReportNotReadyError` after this long, in milliseconds. */
  readonly deadlineMs: number;
  /** How long a pre-signed URL stays valid after the report request (3 h [doc]), in ms. */
  readonly urlLifetimeMs: number;
}

export interface DownloadSettings {
  readonly poll: PollPolicy;
  readonly random: () => number;
  readonly nowMs: () => number;
}

export interface DownloadOptions {
  /** Directory receiving the file; it must exist and sit on the same file system as its parts. */
  readonly directory: string;
  readonly signal?: AbortSignal;
}

/** One poll's answer when there is no file yet. */
interface NotReady {
  readonly status?: number;
  readonly retryAfterMs?: number;
  /** Whether the answer was a failure (429, 5xx, no response) rather than the usual "not yet". */
  readonly transient: boolean;
}

/**
 * Step 3 of the workflow: polls the ticket's pre-signed URL (no Authorization header) with
 * backoff until the file is there, then streams it to disk (see `writeReportFile`). Works from
 * a persisted ticket, so a restarted process resumes without asking for a new report.
 *
 * "Not ready" is a 404, a 403, an empty 200, or a transient failure (429, 5xx, no response).
 * Throws `ReportUrlExpiredError` once the client's clock passes the URL's lifetime, counted
 * from `requestedAt` (the caller must request a new report), and `ReportNotReadyError` when the
 * poll deadline passes first.
 */
export async function downloadReportFile(
  deps: CallDependencies,
  settings: DownloadSettings,
  ticket: ReportTicket,
  options: DownloadOptions,
): Promise<DownloadedReport> {
  const { url, requestedAtMs } = checkTicket(ticket);
  const { day, reportId } = ticket;
  const expiresAtMs = requestedAtMs + settings.poll.urlLifetimeMs;
  const started = performance.now();

  for (let attempt = 1; ; attempt++) {
    const context: UpstreamErrorContext = { step: 'download', day, reportId, attempt };

    // 1. A URL past its lifetime can only fail; say so before spending a call on it.
    if (settings.nowMs() >= expiresAtMs) {
      throw new ReportUrlExpiredError(
        `Download URL of report ${reportId} for day ${day} expired at ${new Date(expiresAtMs).toISOString()} (requested ${ticket.requestedAt}); request a new report.`,
        context,
      );
    }

    // 2. Ask for the file.
    const pollStarted = performance.now();
    const result = await pollOnce(deps, settings, url, options, context);
    if ('path' in result) {
      deps.logger.info(
        {
          day,
          reportId,
          bytes: result.bytes,
          gzip: result.gzip,
          polls: attempt,
          durationMs: Math.round(performance.now() - pollStarted),
          totalMs: Math.round(performance.now() - started),
        },
        'report file downloaded',
      );
      return { day, reportId, ...result };
    }

    // 3. Wait, unless the next poll would start past the deadline.
    const waitMs = result.retryAfterMs ?? backoffDelayMs(attempt, settings.poll, settings.random);
    const elapsedMs = performance.now() - started;
    if (elapsedMs + waitMs > settings.poll.deadlineMs) {
      const last = result.status === undefined ? 'no response' : `HTTP ${result.status}`;
      throw new ReportNotReadyError(
        `Report ${reportId} for day ${day} was still not ready after ${attempt} polls in ${Math.round(elapsedMs)} ms (last answer: ${last}); the deadline is ${settings.poll.deadlineMs} ms.`,
        { ...context, status: result.status },
      );
    }
    const fields = { ...context, status: result.status, waitMs };
    if (result.transient)
      deps.logger.warn(fields, 'report download failed transiently, polling again');
    else deps.logger.debug(fields, 'report file not ready, polling again');
    await sleep(waitMs, options.signal);
  }
}

async function pollOnce(
  deps: CallDependencies,
  settings: DownloadSettings,
  url: URL,
  options: DownloadOptions,
  context: UpstreamErrorContext,
): Promise<StoredReportFile | NotReady> {
  let response;
  try {
    response = await callUpstream(deps, { method: 'GET', url, signal: options.signal, context });
  } catch (error) {
    if (error instanceof UpstreamUnavailableError) return { transient: true };
    throw error;
  }

  const status = response.statusCode;
  if (status === 200) {
    const expectedBytes = contentLengthOf(response.headers['content-length']);
    if (expectedBytes === 0) {
      await response.body.dump();
      return { status, transient: false };
    }
    const file = await writeReportFile(response.body, {
      directory: options.directory,
      baseName: `report-${context.day}-${safeFileName(context.reportId ?? '')}`,
      expectedBytes,
      signal: options.signal,
      context: { ...context, status },
    });
    return file ?? { status, transient: false };
  }

  await response.body.dump();
  if (status === 403 || status === 404) return { status, transient: false };
  const transient = transientStatusError(status, response.headers, context, settings.nowMs());
  if (transient) return { status, retryAfterMs: transient.context.retryAfterMs, transient: true };
  throw new UpstreamDownloadError(
    `Upstream download of report ${context.reportId} for day ${context.day} answered HTTP ${status}; expected 200, or 403/404 while the file is being produced.`,
    { ...context, status },
  );
}

function contentLengthOf(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Keeps a vendor id usable as part of a file name on any file system. */
function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}
