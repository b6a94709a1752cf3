import type { ColumnMapping, ReportField } from './column-aliases';
import type { FileCompression } from './csv-header';
import { MONEY_TYPE } from './migrations';
import { userHashSql } from './user-hash';

/** The per-connection temporary table a file is parsed into before it touches `user_day`. */
export const STAGING_TABLE = 'load_staging';

/** The masked row's user identifier, compared case-insensitively. */
const MASKED_USER_ID = 'aggregated masked user level revenue';

/**
 * The staging table's text columns, one per field, in the order the checks and the insert use
 * them. A field the file lacks is a NULL column, so the statements after staging never change.
 */
const STAGED_FIELDS: readonly [ReportField, string][] = [
  ['date', 'date_text'],
  ['appId', 'app_id'],
  ['appName', 'app_name'],
  ['userId', 'user_id'],
  ['advertisingId', 'advertising_id'],
  ['deviceOs', 'device_os'],
  ['country', 'country'],
  ['revenue', 'revenue_text'],
  ['impressions', 'impressions_text'],
  ['clicks', 'clicks_text'],
  ['conversions', 'conversions_text'],
];

/** The staging column that holds a field's text as written in the file. */
export function stagedColumn(field: ReportField): string {
  const entry = STAGED_FIELDS.find(([candidate]) => candidate === field);
  if (!entry) throw new Error(`No staging column for field ${field}.`);
  return entry[1];
}

/**
 * Builds the statement that parses the whole file once into the staging table. Every file column
 * is read as VARCHAR under a positional name (c0, c1…) taken from our own reading of the header,
 * so DuckDB never guesses a type: identifiers keep their leading zeros and a bad value cannot
 * silently become NULL. The values the load writes are also derived here, once: revenue and the
 * counts converted with TRY_CAST (the checks find the rows where the text was not valid, so a
 * NULL never reaches the store), the user key (the user id, else the advertising id), its
 * summary hash and whether the row is the masked one. The summary and the advertising ids read
 * the staged day rather than the rows just inserted, so the hash is computed once per row. The
 * file path and compression are bound as parameters `$path` and `$compression`.
 *
 * Rowids of the staging table follow the file's record order (DuckDB preserves insertion order
 * by default), which is how the checks turn a rowid into a line number.
 */
export function stagingStatement(mapping: ColumnMapping): string {
  const source = (field: ReportField): string => {
    const column = mapping.columns[field];
    return column === undefined ? 'NULL::VARCHAR' : `c${column.index}`;
  };
  const selected = STAGED_FIELDS.map(([field, name]) => `${source(field)} AS ${name}`);
  const userKey = `coalesce(${source('userId')}, ${source('advertisingId')})`;
  selected.push(
    `TRY_CAST(${source('revenue')} AS ${MONEY_TYPE}) AS revenue`,
    ...(['impressions', 'clicks', 'conversions'] as const).map(
      (field) => `coalesce(TRY_CAST(${source(field)} AS BIGINT), 0) AS ${field}`,
    ),
    `${userKey} AS user_key`,
    `${userHashSql(userKey)} AS user_hash`,
    `coalesce(lower(trim(${userKey})) = '${MASKED_USER_ID}', false) AS is_masked`,
  );
  const columnTypes = mapping.header.map((_, index) => `'c${index}': 'VARCHAR'`).join(', ');
  return `CREATE OR REPLACE TEMP TABLE ${STAGING_TABLE} AS
    SELECT ${selected.join(', ')}
    FROM read_csv($path,
      header = true, auto_detect = false, columns = {${columnTypes}},
      delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false,
      compression = $compression)`;
}

/** The parameters of `stagingStatement`. */
export function stagingParams(
  csvPath: string,
  compression: FileCompression,
): Record<string, string> {
  return { path: csvPath, compression };
}
