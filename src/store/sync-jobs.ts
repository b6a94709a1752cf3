import { SYNC_JOB_STATES } from './migrations';
import { assertReportDay } from './report-day';
import type { Session } from './session';

/** Where a day's pull stands; a successful job goes requested → polling → downloading → loading → loaded. */
export type SyncJobState = (typeof SYNC_JOB_STATES)[number];

/** The persisted state of the one sync job of a report day. */
export interface SyncJob {
  /** UTC report day, 'YYYY-MM-DD'; at most one job per day. */
  day: string;
  state: SyncJobState;
  /** The vendor's report id, once the report was requested. */
  reportId: string | null;
  /** The pre-signed download URL. It grants access by itself: never log it. */
  downloadUrl: string | null;
  /** When the download URL stops working, ISO 8601 UTC. */
  urlExpiresAt: string | null;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  /** When the job was last saved, ISO 8601 UTC. */
  updatedAt: string;
}

/** A job to save; `updatedAt` defaults to now. */
export type SyncJobInput = Omit<SyncJob, 'updatedAt'> & { updatedAt?: string };

const SELECT_SYNC_JOB = `SELECT report_day AS day, state, report_id AS "reportId",
    download_url AS "downloadUrl", url_expires_at AS "urlExpiresAt", attempts,
    error_code AS "errorCode", error_message AS "errorMessage", updated_at AS "updatedAt"
  FROM sync_job`;

/** Creates or replaces the job of `job.day` and returns it as stored. */
export async function saveSyncJob(session: Session, job: SyncJobInput): Promise<SyncJob> {
  const day = assertReportDay(job.day);
  if (!(SYNC_JOB_STATES as readonly string[]).includes(job.state)) {
    throw new TypeError(
      `Sync job state ${JSON.stringify(job.state)} is not one of ${SYNC_JOB_STATES.join(', ')}.`,
    );
  }
  const [saved] = await session.all<SyncJob>(
    'save_sync_job',
    `INSERT INTO sync_job (report_day, state, report_id, download_url, url_expires_at, attempts,
        error_code, error_message, updated_at)
      VALUES ($day::DATE, $state, $report_id, $download_url, $url_expires_at, $attempts,
        $error_code, $error_message, $updated_at)
      ON CONFLICT (report_day) DO UPDATE SET
        state = excluded.state, report_id = excluded.report_id,
        download_url = excluded.download_url, url_expires_at = excluded.url_expires_at,
        attempts = excluded.attempts, error_code = excluded.error_code,
        error_message = excluded.error_message, updated_at = excluded.updated_at
      RETURNING report_day AS day, state, report_id AS "reportId",
        download_url AS "downloadUrl", url_expires_at AS "urlExpiresAt", attempts,
        error_code AS "errorCode", error_message AS "errorMessage", updated_at AS "updatedAt"`,
    {
      day,
      state: job.state,
      report_id: job.reportId,
      download_url: job.downloadUrl,
      url_expires_at: toTimestamp(job.urlExpiresAt, 'urlExpiresAt'),
      attempts: job.attempts,
      error_code: job.errorCode,
      error_message: job.errorMessage,
      updated_at: toTimestamp(job.updatedAt ?? new Date().toISOString(), 'updatedAt'),
    },
  );
  return saved;
}

/** The job of one day, or null when none was saved. */
export async function syncJob(session: Session, day: string): Promise<SyncJob | null> {
  const rows = await session.all<SyncJob>(
    'sync_job_of_day',
    `${SELECT_SYNC_JOB} WHERE report_day = $day::DATE`,
    { day: assertReportDay(day) },
  );
  return rows[0] ?? null;
}

/** Saved jobs, oldest day first, optionally only those in the given states. */
export async function syncJobs(
  session: Session,
  filter: { states?: readonly SyncJobState[] } = {},
): Promise<SyncJob[]> {
  if (filter.states === undefined) {
    return session.all<SyncJob>('sync_jobs', `${SELECT_SYNC_JOB} ORDER BY report_day`);
  }
  return session.all<SyncJob>(
    'sync_jobs_in_states',
    `${SELECT_SYNC_JOB} WHERE list_contains($states, state) ORDER BY report_day`,
    { states: [...filter.states] },
  );
}

/** Removes the job of one day; returns whether there was one. */
export async function deleteSyncJob(session: Session, day: string): Promise<boolean> {
  const changed = await session.run(
    'delete_sync_job',
    'DELETE FROM sync_job WHERE report_day = $day::DATE',
    { day: assertReportDay(day) },
  );
  return changed > 0;
}

function toTimestamp(iso: string | null, field: string): Date | null {
  if (iso === null) return null;
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) {
    throw new TypeError(`Sync job ${field} ${JSON.stringify(iso)} is not an ISO 8601 timestamp.`);
  }
  return parsed;
}
