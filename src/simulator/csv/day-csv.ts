import { dayNumber, parseDay } from '../../availability/day';
import { hashPair, seedHash } from '../population/hash';
import { type PopulationOptions, userDays } from '../population/user-days';
import { type CsvColumn, DEFAULT_COLUMNS, ROW_FIELDS, type RowField, csvField } from './columns';

/** The user identifier of the vendor's one synthetic row per file that carries masked revenue. */
export const MASKED_USER_ID = 'aggregated masked user level revenue';

/** How the simulated files write a missing value: an empty quoted field, as the vendor does. */
export const MISSING_VALUE = '""';

/** What a day's file depends on; the same values and day always give the same bytes. */
export interface DayCsvOptions extends PopulationOptions {
  /** Columns and header text; DEFAULT_COLUMNS when absent. */
  columns?: readonly CsvColumn[];
}

/**
 * Deliberate damage for fault tests. Each defect still yields a file that ends cleanly: the
 * damage is in the content, never in the transport.
 */
export interface FileDefects {
  /** Writes `n/a` as the revenue of the third data row (or of the last row in a shorter file). */
  malformedRow?: boolean;
  /** Leaves out the column with this header text, values and header alike. */
  dropColumn?: string;
  /** Ends the file halfway through the line after this many data rows (or through the last). */
  truncateAfterRows?: number;
}

const CHUNK_CHARS = 64 * 1024;
const MALFORMED_ROW_INDEX = 2;
const MALFORMED_REVENUE = 'n/a';

/**
 * The CSV file of `day` ('YYYY-MM-DD', UTC) as UTF-8 chunks of about 64 KiB: a header line,
 * one row per user and app active that day (ids as text, revenue in USD written with
 * `String(number)`, so with full binary-float noise), then the masked-revenue row. Lines end
 * with LF, the last one included. The file is generated while it is read and never held whole:
 * a consumer that stops pulling stops the generation.
 */
export function* dayCsv(
  options: DayCsvOptions,
  day: string,
  defects: FileDefects = {},
): Generator<Buffer> {
  const lines = csvLines(options, parseDay(day), defects);
  const cutAfter = defects.truncateAfterRows;
  let chunk = '';
  let pending = lines.next();
  let dataRows = -1; // the header is not a data row

  while (!pending.done) {
    const line = pending.value;
    pending = lines.next();
    if (cutAfter !== undefined && (dataRows === cutAfter || (pending.done && dataRows >= 0))) {
      yield Buffer.from(chunk + line.slice(0, Math.ceil(line.length / 2)));
      return;
    }
    chunk += `${line}\n`;
    dataRows += 1;
    if (chunk.length >= CHUNK_CHARS) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk.length > 0) yield Buffer.from(chunk);
}

/** The lines of the file without their line ends: header, user rows, masked row. */
function* csvLines(options: DayCsvOptions, day: string, defects: FileDefects): Generator<string> {
  const columns = (options.columns ?? DEFAULT_COLUMNS).filter(
    (column) => column.header !== defects.dropColumn,
  );
  const order = columns.map((column) => ROW_FIELDS.indexOf(column.field));
  const values: string[] = ROW_FIELDS.map(() => MISSING_VALUE);
  const at = (field: RowField) => ROW_FIELDS.indexOf(field);
  const joined = () => order.map((index) => values[index]).join(',');
  yield columns.map((column) => csvField(column.header)).join(',');

  const dayIndex = dayNumber(day);
  let revenueTotalUsd = 0;
  let rows = 0;
  values[at('date')] = day;
  for (const row of userDays(options, dayIndex)) {
    values[at('appId')] = row.app.appId;
    values[at('appName')] = csvField(row.app.appName);
    values[at('userId')] = row.userId || MISSING_VALUE;
    values[at('advertisingId')] = row.advertisingId || MISSING_VALUE;
    values[at('deviceOs')] = row.os;
    values[at('country')] = row.country;
    values[at('revenue')] =
      defects.malformedRow && rows === MALFORMED_ROW_INDEX
        ? MALFORMED_REVENUE
        : String(row.revenueUsd);
    values[at('impressions')] = String(row.impressions);
    values[at('clicks')] = String(row.clicks);
    values[at('conversions')] = String(row.conversions);
    revenueTotalUsd += row.revenueUsd;
    rows += 1;
    yield joined();
  }

  // The vendor's remainder row: 2-6 % on top of the attributed revenue, no ids, no counts.
  const maskedShare = 0.02 + 0.04 * (hashPair(seedHash(options.seed), dayIndex) / 4294967296);
  values.fill(MISSING_VALUE);
  values[at('date')] = day;
  values[at('userId')] = MASKED_USER_ID;
  values[at('revenue')] =
    defects.malformedRow && rows < MALFORMED_ROW_INDEX
      ? MALFORMED_REVENUE
      : String(revenueTotalUsd * maskedShare);
  values[at('impressions')] = '0';
  values[at('clicks')] = '0';
  values[at('conversions')] = '0';
  yield joined();
}
