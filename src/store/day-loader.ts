import type { Logger } from '../logging/logger';
import { mapColumns, type ColumnMapping } from './column-aliases';
import type { CommitGate } from './commit-gate';
import { detectCompression, readFirstLine, splitCsvLine, type FileCompression } from './csv-header';
import {
  CsvHeaderError,
  CsvMalformedError,
  messageOf,
  ReportFileError,
  ReportFileUnreadableError,
  StoreQueryError,
} from './errors';
import { scanFile } from './file-scan';
import { MONEY_TYPE } from './migrations';
import { assertReportDay } from './report-day';
import type { Session } from './session';
import { checkStagedRows } from './staged-checks';
import { STAGING_TABLE, stagingParams, stagingStatement } from './staging-sql';
import { rebuildUserSummary } from './user-summary';

/** What to load: one report day from one CSV file (plain or gzip). */
export interface DayLoadRequest {
  /** UTC report day, 'YYYY-MM-DD'. */
  day: string;
  csvPath: string;
  /** The vendor's report id, kept in the catalogue; null when unknown (e.g. a manual load). */
  reportId: string | null;
  /** SHA-256 of the file in lowercase hex, if the caller computed it while downloading. */
  checksum?: string;
}

/** The outcome of a successful load, as recorded in the catalogue. */
export interface DayLoad {
  day: string;
  rows: number;
  /** Exact sum of the file's revenue column in USD, 18 fractional digits. */
  revenueTotal: string;
  /** Header names that matched no known column, as written; their values were ignored. */
  unknownColumns: string[];
  /** Size of the file as stored (compressed size for gzip). */
  bytes: number;
  checksum: string;
  reportId: string | null;
  durationMs: number;
}

// The values were converted and the user key derived while staging (see staging-sql.ts).
// is_sole_row marks a user's only row of the day (migration 4 says what it buys).
const INSERT_DAY_ROWS = `INSERT INTO user_day
    (report_day, app_id, app_name, user_id, advertising_id, device_os, country, revenue,
     impressions, clicks, conversions, is_masked, is_sole_row)
  SELECT $day::DATE, app_id, app_name, user_key, advertising_id, device_os, country, revenue,
    impressions, clicks, conversions, is_masked,
    user_key NOT IN (SELECT user_key FROM ${STAGING_TABLE} GROUP BY user_key HAVING count(*) > 1)
  FROM ${STAGING_TABLE}
  ORDER BY user_key`;

const UPSERT_LOADED_DAY = `INSERT INTO loaded_day
    (report_day, rows, revenue_total, loaded_at, report_id, checksum_sha256, bytes, unknown_columns)
  VALUES ($day::DATE, $rows, $revenue_total::${MONEY_TYPE}, $loaded_at, $report_id, $checksum,
    $bytes, $unknown_columns)
  ON CONFLICT (report_day) DO UPDATE SET
    rows = excluded.rows, revenue_total = excluded.revenue_total, loaded_at = excluded.loaded_at,
    report_id = excluded.report_id, checksum_sha256 = excluded.checksum_sha256,
    bytes = excluded.bytes, unknown_columns = excluded.unknown_columns`;

/**
 * Loads one report day from a CSV file, replacing whatever the store held for that day.
 *
 * Guarantees: the file is parsed and checked in full before `user_day` is touched; the delete of
 * the old rows, the insert of the new ones and the catalogue row commit in one transaction, so
 * readers see the old day or the new one, and any failure (bad value, broken CSV, crash) leaves
 * the old day intact. Throws a `ReportFileError` subclass when the file itself is at fault and
 * `StoreQueryError` when DuckDB fails for another reason. The commit runs through `gate`, alone,
 * since DuckDB would let statements running beside it see part of it (see commit-gate.ts).
 *
 * The session must be used by nobody else meanwhile (it holds the staging table).
 */
export async function loadDay(
  session: Session,
  logger: Logger,
  request: DayLoadRequest,
  gate: CommitGate,
): Promise<DayLoad> {
  const started = performance.now();
  const day = assertReportDay(request.day);
  const where = { day, csvPath: request.csvPath };

  // 1. Read the header ourselves and map columns by name.
  const compression = await unreadableOnFailure(where, () => detectCompression(request.csvPath));
  const mapping = await readMapping(where, compression);
  if (mapping.unknownColumns.length > 0) {
    logger.warn({ day, unknownColumns: mapping.unknownColumns }, 'ignored unknown columns');
  }

  // 2. Hash the file and check its gzip framing while DuckDB parses it; both only read it.
  const checksum = scan(where, compression, request.checksum);

  try {
    // 3. Parse the whole file into the staging table, every column as text.
    await stage(session, where, mapping, compression);

    // 4. Check every row with set-based SQL; the first bad line fails the load.
    const totals = await checkStagedRows(session, mapping, where);
    const file = await checksum;

    // 5. Swap the day in one transaction.
    await replaceDay(session, gate, {
      day,
      rows: totals.rows,
      revenue_total: totals.revenueTotal,
      loaded_at: new Date(),
      report_id: request.reportId,
      checksum: file.sha256,
      bytes: file.bytes,
      unknown_columns: mapping.unknownColumns,
    });

    const load: DayLoad = {
      day,
      rows: totals.rows,
      revenueTotal: totals.revenueTotal,
      unknownColumns: mapping.unknownColumns,
      bytes: file.bytes,
      checksum: file.sha256,
      reportId: request.reportId,
      durationMs: Math.round(performance.now() - started),
    };
    logger.info(
      { day, rows: load.rows, bytes: load.bytes, durationMs: load.durationMs },
      'loaded report day',
    );
    return load;
  } finally {
    await checksum.catch(() => undefined);
    // A failed drop must not hide the load's own error; the next load replaces the table anyway.
    await session.run('drop_staging', `DROP TABLE IF EXISTS ${STAGING_TABLE}`).catch((error) => {
      logger.warn({ day, err: error }, 'could not drop the staging table');
    });
  }
}

async function readMapping(
  where: { day: string; csvPath: string },
  compression: FileCompression,
): Promise<ColumnMapping> {
  const line = await unreadableOnFailure(where, () => readFirstLine(where.csvPath, compression));
  if (line === null) {
    throw new CsvHeaderError(
      where.day,
      where.csvPath,
      'The file is empty: it has no header row.',
      [],
    );
  }
  return mapColumns(splitCsvLine(line), where);
}

function scan(
  where: { day: string; csvPath: string },
  compression: FileCompression,
  given: string | undefined,
): Promise<{ sha256: string; bytes: number }> {
  const scanned = scanFile(where.csvPath, {
    hash: given === undefined,
    gunzip: compression === 'gzip',
  })
    .then((file) => ({
      sha256: given?.toLowerCase() ?? (file.sha256 as string),
      bytes: file.bytes,
    }))
    .catch((error: unknown) => {
      if (compression === 'gzip' && (error as { code?: string }).code?.startsWith('Z_')) {
        throw new CsvMalformedError(
          where.day,
          where.csvPath,
          `gzip stream: ${messageOf(error)}`,
          error,
        );
      }
      throw new ReportFileUnreadableError(where.day, where.csvPath, error);
    });
  // Awaited later; this keeps an early failure elsewhere from leaving it unhandled.
  scanned.catch(() => undefined);
  return scanned;
}

async function stage(
  session: Session,
  where: { day: string; csvPath: string },
  mapping: ColumnMapping,
  compression: FileCompression,
): Promise<void> {
  try {
    await session.run(
      'stage_report_file',
      stagingStatement(mapping),
      stagingParams(where.csvPath, compression),
    );
  } catch (error) {
    const reason = error instanceof StoreQueryError ? csvProblem(error.cause) : undefined;
    if (reason === undefined) throw error;
    throw new CsvMalformedError(where.day, where.csvPath, reason, error);
  }
}

/**
 * Extracts the useful part of a DuckDB CSV parse error: the line number, the original line and
 * what was wrong, without the advice aimed at interactive users. Undefined for other errors.
 */
function csvProblem(cause: unknown): string | undefined {
  const message = messageOf(cause);
  if (!message.startsWith('Invalid Input Error')) return undefined;
  const body = message.replace(/^Invalid Input Error:\s*/, '').split(/\n\s*Possible fixes:/)[0];
  return body.trim().replace(/\s*\n\s*/g, ' | ');
}

async function replaceDay(
  session: Session,
  gate: CommitGate,
  entry: Record<string, unknown>,
): Promise<void> {
  await session.run('begin_day_replacement', 'BEGIN TRANSACTION');
  try {
    const replaced = await session.run(
      'delete_day_rows',
      'DELETE FROM user_day WHERE report_day = $day::DATE',
      { day: entry.day },
    );
    await session.run('insert_day_rows', INSERT_DAY_ROWS, { day: entry.day });
    // The per-user summary changes in the same transaction, so readers never see it disagree.
    await rebuildUserSummary(session, { day: String(entry.day), replacedRows: replaced > 0 });
    await session.run('upsert_loaded_day', UPSERT_LOADED_DAY, entry);
    await gate.commit(() => session.run('commit_day_replacement', 'COMMIT'));
  } catch (error) {
    await session.run('rollback_day_replacement', 'ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function unreadableOnFailure<T>(
  where: { day: string; csvPath: string },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReportFileError) throw error;
    throw new ReportFileUnreadableError(where.day, where.csvPath, error);
  }
}
