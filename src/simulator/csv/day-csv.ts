import { dayNumber, parseDay } from '../../availability/day';
import { hashPair, seedHash } from '../population/hash';
import { type PopulationOptions, userDays } from '../population/user-days';
import { type CsvColumn, DEFAULT_COLUMNS, ROW_FIELDS, csvField } from './columns';

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
  yield columns.map((column) => csvField(column.header)).join(',');

  const order = columns.map((column) => ROW_FIELDS.indexOf(column.field));
  const values: string[] = ROW_FIELDS.map(() => MISSING_VALUE);
  const line = () => {
    let text = values[order[0]];
    for (let i = 1; i < order.length; i += 1) text += `,${values[order[i]]}`;
    return text;
  };
  const dayIndex = dayNumber(day);
  let revenueTotalUsd = 0;
  let rows = 0;

  values[DATE] = day;
  for (const row of userDays(options, dayIndex)) {
    values[APP_ID] = row.app.appId;
    values[APP_NAME] = row.app.appNameField;
    values[USER_ID] = row.userId || MISSING_VALUE;
    values[ADVERTISING_ID] = row.advertisingId || MISSING_VALUE;
    values[DEVICE_OS] = row.os;
    values[COUNTRY] = row.country;
    values[REVENUE] =
      defects.malformedRow && rows === MALFORMED_ROW_INDEX
        ? MALFORMED_REVENUE
        : String(row.revenueUsd);
    values[IMPRESSIONS] = String(row.impressions);
    values[CLICKS] = String(row.clicks);
    values[CONVERSIONS] = String(row.conversions);
    revenueTotalUsd += row.revenueUsd;
    rows += 1;
    yield line();
  }

  // The vendor's remainder row: 2-6 % on top of the attributed revenue, no ids, no counts.
  const maskedShare = 0.02 + 0.04 * (hashPair(seedHash(options.seed), dayIndex) / 4294967296);
  values.fill(MISSING_VALUE);
  values[DATE] = day;
  values[USER_ID] = MASKED_USER_ID;
  values[REVENUE] =
    defects.malformedRow && rows <= MALFORMED_ROW_INDEX
      ? MALFORMED_REVENUE
      : String(revenueTotalUsd * maskedShare);
  values[IMPRESSIONS] = '0';
  values[CLICKS] = '0';
  values[CONVERSIONS] = '0';
  yield line();
}

const [
  DATE,
  APP_ID,
  APP_NAME,
  USER_ID,
  ADVERTISING_ID,
  DEVICE_OS,
  COUNTRY,
  REVENUE,
  IMPRESSIONS,
  CLICKS,
  CONVERSIONS,
] = ROW_FIELDS.map((_, index) => index);
