import type { ColumnMapping, ReportField } from './column-aliases';
import { CsvDayMismatchError, CsvValueError, type ReportFileError } from './errors';
import type { Session } from './session';
import { STAGING_TABLE, stagedColumn } from './staging-sql';
import { MONEY_TYPE } from './migrations';

/** Row count and exact revenue sum of a staged file that passed every check. */
export interface StagedTotals {
  rows: number;
  /** Exact decimal string with 18 fractional digits, in USD. */
  revenueTotal: string;
}

/** The header occupies line 1, so the first record (rowid 0) is on line 2. */
const FIRST_RECORD_LINE = 2;

const COUNT_PATTERN = `'\\s*[0-9]{1,18}\\s*'`;

interface RowCheck {
  key: string;
  /** SQL over one staging row; true means the row is bad. */
  condition: string;
  /** The field whose header and text the message quotes. */
  field: ReportField;
  expected: string;
  mismatch?: true;
}

const countCheck = (field: 'impressions' | 'clicks' | 'conversions'): RowCheck => ({
  key: field,
  condition: `NOT regexp_full_match(coalesce(${stagedColumn(field)}, '0'), ${COUNT_PATTERN})`,
  field,
  expected: 'a whole number of 0 or more, or an empty field',
});

/**
 * Every rule a row must satisfy, as set-based SQL. Empty fields arrive as NULL. Revenue was
 * converted while staging, so a NULL `revenue` means empty or not a decimal number.
 */
const ROW_CHECKS: readonly RowCheck[] = [
  {
    key: 'date',
    condition: `$has_date AND TRY_CAST(date_text AS DATE) IS NULL`,
    field: 'date',
    expected: 'the report day written as YYYY-MM-DD',
  },
  {
    key: 'day',
    condition: `TRY_CAST(date_text AS DATE) <> $day::DATE`,
    field: 'date',
    expected: 'the requested report day',
    mismatch: true,
  },
  {
    key: 'identifier',
    condition: 'user_id IS NULL AND advertising_id IS NULL',
    field: 'userId',
    expected: 'a user id or an advertising id',
  },
  {
    key: 'revenue',
    condition: 'revenue IS NULL',
    field: 'revenue',
    expected: 'a decimal amount in USD such as 0.0363',
  },
  countCheck('impressions'),
  countCheck('clicks'),
  countCheck('conversions'),
];

const CHECK_STATEMENT = `SELECT
    count(*) AS rows,
    coalesce(sum(revenue), 0)::${MONEY_TYPE} AS revenue_total,
    ${ROW_CHECKS.map((c) => `min(rowid) FILTER (WHERE ${c.condition}) AS first_bad_${c.key}`).join(',\n    ')}
  FROM ${STAGING_TABLE}`;

/**
 * Runs every row check over the staged file in one scan and returns its totals, or throws the
 * error for the earliest bad line (`CsvValueError`, `CsvDayMismatchError`). Nothing outside the
 * staging table is touched.
 */
export async function checkStagedRows(
  session: Session,
  mapping: ColumnMapping,
  where: { day: string; csvPath: string },
): Promise<StagedTotals> {
  const [result] = await session.all<Record<string, string | number | null>>(
    'check_staged_rows',
    CHECK_STATEMENT,
    { day: where.day, has_date: mapping.columns.date !== undefined },
  );

  let worst: { check: RowCheck; rowid: number } | undefined;
  for (const check of ROW_CHECKS) {
    const rowid = result[`first_bad_${check.key}`] as number | null;
    if (rowid !== null && (worst === undefined || rowid < worst.rowid)) worst = { check, rowid };
  }
  if (worst) throw await describeBadRow(session, mapping, where, worst.check, worst.rowid);

  return { rows: result.rows as number, revenueTotal: result.revenue_total as string };
}

async function describeBadRow(
  session: Session,
  mapping: ColumnMapping,
  where: { day: string; csvPath: string },
  check: RowCheck,
  rowid: number,
): Promise<ReportFileError> {
  const line = rowid + FIRST_RECORD_LINE;
  const [{ value }] = await session.all<{ value: string | null }>(
    'read_staged_value',
    `SELECT ${stagedColumn(check.field)} AS value FROM ${STAGING_TABLE} WHERE rowid = $rowid`,
    { rowid },
  );
  if (check.mismatch) {
    return new CsvDayMismatchError(where.day, where.csvPath, { line, value: value ?? '' });
  }
  const column =
    mapping.columns[check.field]?.header ??
    mapping.columns.advertisingId?.header ??
    String(check.field);
  return new CsvValueError(where.day, where.csvPath, {
    column,
    line,
    value,
    expected: check.expected,
  });
}
