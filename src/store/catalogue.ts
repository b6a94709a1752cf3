import { assertReportDay } from './report-day';
import type { Session } from './session';

/** One loaded report day as the catalogue records it. */
export interface LoadedDay {
  /** UTC report day, 'YYYY-MM-DD'. */
  day: string;
  rows: number;
  /** Exact sum of the day's revenue in USD, 18 fractional digits. */
  revenueTotal: string;
  /** When the load committed, ISO 8601 UTC. */
  loadedAt: string;
  reportId: string | null;
  /** SHA-256 of the file as downloaded, lowercase hex. */
  checksum: string;
  bytes: number;
  unknownColumns: string[];
}

const SELECT_LOADED_DAY = `SELECT report_day AS day, rows, revenue_total AS "revenueTotal",
    loaded_at AS "loadedAt", report_id AS "reportId", checksum_sha256 AS checksum, bytes,
    unknown_columns AS "unknownColumns"
  FROM loaded_day`;

/**
 * The catalogue entries of loaded days, oldest first; `from` and `to` are inclusive UTC days and
 * either may be left out.
 */
export async function loadedDays(
  session: Session,
  range: { from?: string; to?: string } = {},
): Promise<LoadedDay[]> {
  const from = range.from === undefined ? null : assertReportDay(range.from);
  const to = range.to === undefined ? null : assertReportDay(range.to);
  return session.all<LoadedDay>(
    'loaded_days',
    `${SELECT_LOADED_DAY}
      WHERE ($from::DATE IS NULL OR report_day >= $from::DATE)
        AND ($to::DATE IS NULL OR report_day <= $to::DATE)
      ORDER BY report_day`,
    { from, to },
  );
}

/** The catalogue entry of one day, or null when that day has never been loaded. */
export async function dayEntry(session: Session, day: string): Promise<LoadedDay | null> {
  const rows = await session.all<LoadedDay>(
    'loaded_day_entry',
    `${SELECT_LOADED_DAY} WHERE report_day = $day::DATE`,
    { day: assertReportDay(day) },
  );
  return rows[0] ?? null;
}
