import { CsvHeaderError } from './errors';

/** The columns of a user-level report the store understands. */
export type ReportField =
  | 'date'
  | 'appId'
  | 'appName'
  | 'userId'
  | 'advertisingId'
  | 'deviceOs'
  | 'country'
  | 'revenue'
  | 'impressions'
  | 'clicks'
  | 'conversions';

/**
 * The one alias table: header names as vendors write them, folded (lowercase, letters and digits
 * only), to the field they carry. `Revenue (USD)` and `revenue_usd` both fold to `revenueusd`.
 */
const ALIASES: Readonly<Record<string, ReportField>> = {
  date: 'date',
  fyberappid: 'appId',
  appid: 'appId',
  appname: 'appName',
  userid: 'userId',
  publisheruserid: 'userId',
  advertisingid: 'advertisingId',
  idfa: 'advertisingId',
  gaid: 'advertisingId',
  deviceos: 'deviceOs',
  platform: 'deviceOs',
  os: 'deviceOs',
  country: 'country',
  revenue: 'revenue',
  revenueusd: 'revenue',
  impressions: 'impressions',
  clicks: 'clicks',
  conversions: 'conversions',
};

/** Where a field sits in the file and how its header spelled it (for messages). */
export interface MappedColumn {
  index: number;
  header: string;
}

/** The result of reading a header row through the alias table. */
export interface ColumnMapping {
  /** The header as written, in file order. */
  header: readonly string[];
  columns: Partial<Record<ReportField, MappedColumn>>;
  /** Headers that match no alias, as written, in file order; their values are ignored. */
  unknownColumns: string[];
}

/** Lowercases and drops everything but letters and digits: `Revenue (USD)` -> `revenueusd`. */
export function foldHeaderName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Maps a header row to fields by name, never by position. Fails with `CsvHeaderError` when two
 * headers fold to the same name or name the same field, or when the file lacks revenue or both
 * user identifiers; the message lists the columns found.
 */
export function mapColumns(
  header: readonly string[],
  where: { day: string; csvPath: string },
): ColumnMapping {
  const fail = (message: string) => new CsvHeaderError(where.day, where.csvPath, message, header);
  const seen = new Map<string, string>();
  const columns: Partial<Record<ReportField, MappedColumn>> = {};
  const unknownColumns: string[] = [];

  header.forEach((name, index) => {
    const folded = foldHeaderName(name);
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw fail(
        `The header repeats a column: "${earlier}" and "${name}" are the same name once case and punctuation are ignored.`,
      );
    }
    seen.set(folded, name);

    const field = ALIASES[folded];
    if (field === undefined) {
      unknownColumns.push(name);
      return;
    }
    const taken = columns[field];
    if (taken !== undefined) {
      throw fail(
        `The header has two columns for the same field: "${taken.header}" and "${name}" both mean ${field}.`,
      );
    }
    columns[field] = { index, header: name };
  });

  const missing: string[] = [];
  if (!columns.userId && !columns.advertisingId) missing.push('a user id or advertising id');
  if (!columns.revenue) missing.push('revenue');
  if (missing.length > 0) {
    const found = header.map((name) => JSON.stringify(name)).join(', ');
    throw fail(`The header lacks ${missing.join(' and ')}; columns found: ${found}.`);
  }
  return { header, columns, unknownColumns };
}
