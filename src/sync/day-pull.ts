import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

import type { Logger } from '../logging/logger';
import type { DayLoad, Store, SyncJob } from '../store';
import {
  ReportUrlExpiredError,
  UpstreamDownloadError,
  type DownloadedReport,
  type ReportTicket,
  type UpstreamClient,
} from '../upstream';
import { failureCode } from './day-outcome';

/** What pulling one day needs. */
export interface DayPullDependencies {
  readonly store: Store;
  readonly upstream: Pick<UpstreamClient, 'requestReport' | 'downloadReport'>;
  readonly downloadDir: string;
  readonly now: () => Date;
  readonly logger: Logger;
  /** How long a pre-signed URL lives after its report request, in ms (3 hours). */
  readonly urlLifetimeMs: number;
  /** How many times an expired URL is replaced by a new report request before giving up. */
  readonly maxUrlRenewals: number;
  readonly signal?: AbortSignal;
}

/**
 * Pulls one report day and stores it, keeping the day's sync job up to date at every step so a
 * restarted process can resume where this one stopped:
 * 1. resume: a saved job whose URL is still valid is polled again, with no new report request;
 * 2. otherwise request a report (token, request) and save the ticket (state `polling`);
 * 3. poll the URL and stream the file to disk; an expired URL goes back to step 2;
 * 4. load the file into the store in one transaction (state `loading`, then `loaded`).
 * Throws what failed after saving the job as `failed`; the day's stored rows are untouched then.
 */
export async function pullDay(deps: DayPullDependencies, day: string): Promise<DayLoad> {
  const log = deps.logger.child({ day });
  const started = performance.now();
  const saved = await deps.store.syncJob(day);
  let attempts = (saved?.attempts ?? 0) + 1;
  let ticket = resumableTicket(saved, deps.now(), deps.urlLifetimeMs);
  let file: DownloadedReport | undefined;

  try {
    for (let renewals = 0; file === undefined; renewals += 1) {
      if (ticket) {
        log.info({ reportId: ticket.reportId }, 'resuming report download');
      } else {
        // Step 2: a new report request; its URL is the key to the file from now on.
        await saveJob(deps, day, 'requested', { attempts });
        ticket = await deps.upstream.requestReport(day, { signal: deps.signal });
        await saveJob(deps, day, 'polling', { attempts, ticket });
      }
      // Step 3: poll and download. An expired URL needs a fresh report, a bounded number of times.
      try {
        file = await downloadWithRetries(deps, ticket, log);
      } catch (error) {
        if (!(error instanceof ReportUrlExpiredError) || renewals >= deps.maxUrlRenewals) {
          throw error;
        }
        log.warn({ reportId: ticket.reportId }, 'report URL expired, requesting a new report');
        ticket = undefined;
        attempts += 1;
      }
    }

    // Step 4: load in one transaction, then record success.
    await saveJob(deps, day, 'loading', { attempts, ticket });
    const load = await deps.store.loadDay({
      day,
      csvPath: file.path,
      reportId: file.reportId,
      checksum: file.sha256,
    });
    await saveJob(deps, day, 'loaded', { attempts, ticket });
    log.info(
      { rows: load.rows, bytes: load.bytes, durationMs: Math.round(performance.now() - started) },
      'report day synced',
    );
    return load;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    // A pull stopped by shutdown keeps its job as it was, so the next start resumes it.
    if (deps.signal?.aborted) throw failure;
    await saveJob(deps, day, 'failed', { attempts, ticket, error: failure }).catch((saveError) =>
      log.error({ err: saveError }, 'could not save the failed sync job'),
    );
    log.warn({ code: failureCode(failure), message: failure.message }, 'report day sync failed');
    throw failure;
  } finally {
    if (file) await rm(file.path, { force: true });
  }
}

/** Broken transfers of the same URL (connection reset, short body) are tried again this often. */
const DOWNLOAD_ATTEMPTS = 3;

/** Downloads a ticket's file, starting over after a broken transfer while the URL lives. */
async function downloadWithRetries(
  deps: DayPullDependencies,
  ticket: ReportTicket,
  log: Logger,
): Promise<DownloadedReport> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.upstream.downloadReport(ticket, {
        directory: deps.downloadDir,
        signal: deps.signal,
      });
    } catch (error) {
      if (!(error instanceof UpstreamDownloadError) || attempt >= DOWNLOAD_ATTEMPTS) throw error;
      if (deps.signal?.aborted) throw error;
      log.warn(
        { reportId: ticket.reportId, attempt, reason: error.message },
        'report download broke, trying again',
      );
    }
  }
}

/** A saved job's ticket when its URL can still be polled for a while. */
function resumableTicket(
  job: SyncJob | null,
  now: Date,
  urlLifetimeMs: number,
): ReportTicket | undefined {
  if (!job || !job.reportId || !job.downloadUrl || !job.urlExpiresAt) return undefined;
  if (job.state === 'loaded' || job.state === 'failed' || job.state === 'requested')
    return undefined;
  // Leave a minute of slack: a URL about to expire is not worth polling.
  if (Date.parse(job.urlExpiresAt) - now.getTime() < 60_000) return undefined;
  return {
    day: job.day,
    reportId: job.reportId,
    url: job.downloadUrl,
    // The job keeps when the URL expires; the ticket wants when it was issued.
    requestedAt: new Date(Date.parse(job.urlExpiresAt) - urlLifetimeMs).toISOString(),
  };
}

async function saveJob(
  deps: DayPullDependencies,
  day: string,
  state: SyncJob['state'],
  facts: { attempts: number; ticket?: ReportTicket; error?: Error },
): Promise<void> {
  const { ticket, error } = facts;
  await deps.store.saveSyncJob({
    day,
    state,
    reportId: ticket?.reportId ?? null,
    downloadUrl: ticket?.url ?? null,
    urlExpiresAt: ticket
      ? new Date(Date.parse(ticket.requestedAt) + deps.urlLifetimeMs).toISOString()
      : null,
    attempts: facts.attempts,
    errorCode: error ? failureCode(error) : null,
    errorMessage: error ? error.message : null,
    updatedAt: deps.now().toISOString(),
  });
}
