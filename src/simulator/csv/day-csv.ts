import { dayNumber, parseDay } from '../../availability/day';
import { hashPair, seedHash } from '../population/hash';
import { type PopulationOptions, UserDayCursor } from '../population/user-days';
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
 * a consumer that stops pulling stops the generation. Throws InvalidDayError at once (not on the
 * first read) when `day` is malformed.
 */
export function dayCsv(
  options: DayCsvOptions,
  day: string,
  defects: FileDefects = {},
): Generator<Buffer> {
  return chunksOf(new DayFile(options, parseDay(day), defects));
}

function* chunksOf(file: DayFile): Generator<Buffer> {
  for (let chunk = file.nextChunk(); chunk !== undefined; chunk = file.nextChunk()) {
    yield Buffer.from(chunk);
  }
}

/** The lines of one day's file, produced on demand and gathered into chunks. */
class DayFile {
  private stage: 'header' | 'rows' | 'masked' | 'end' = 'header';
  private readonly columns: readonly CsvColumn[];
  private readonly order: number[];
  private readonly values: string[] = ROW_FIELDS.map(() => MISSING_VALUE);
  private readonly cursor: UserDayCursor;
  private dataRows = 0;
  private revenueTotalUsd = 0;

  constructor(
    private readonly options: DayCsvOptions,
    private readonly day: string,
    private readonly defects: FileDefects,
  ) {
    this.columns = (options.columns ?? DEFAULT_COLUMNS).filter(
      (column) => column.header !== defects.dropColumn,
    );
    this.order = this.columns.map((column) => ROW_FIELDS.indexOf(column.field));
    this.cursor = new UserDayCursor(options, dayNumber(day));
  }

  /** The next chunk of text, or undefined once the file is complete. */
  nextChunk(): string | undefined {
    let chunk = '';
    while (chunk.length < CHUNK_CHARS) {
      const line = this.nextLine();
      if (line === undefined) break;
      const cutAfter = this.defects.truncateAfterRows;
      if (cutAfter !== undefined && (this.dataRows > cutAfter || this.stage === 'end')) {
        this.stage = 'end';
        return chunk + line.slice(0, Math.ceil(line.length / 2));
      }
      chunk += `${line}\n`;
    }
    return chunk === '' ? undefined : chunk;
  }

  // Counts data rows as it goes, so `dataRows` includes the line it returns.
  private nextLine(): string | undefined {
    const values = this.values;
    switch (this.stage) {
      case 'header':
        this.stage = 'rows';
        return this.columns.map((column) => csvField(column.header)).join(',');
      case 'rows':
        if (this.cursor.next()) {
          const row = this.cursor.row;
          values[DATE] = this.day;
          values[APP_ID] = row.app.appId;
          values[APP_NAME] = row.app.appNameField;
          values[USER_ID] = row.userId || MISSING_VALUE;
          values[ADVERTISING_ID] = row.advertisingId || MISSING_VALUE;
          values[DEVICE_OS] = row.os;
          values[COUNTRY] = row.country;
          values[REVENUE] = this.revenueText(row.revenueUsd);
          values[IMPRESSIONS] = String(row.impressions);
          values[CLICKS] = String(row.clicks);
          values[CONVERSIONS] = String(row.conversions);
          this.revenueTotalUsd += row.revenueUsd;
          this.dataRows += 1;
          return this.line();
        }
        this.stage = 'masked';
        return this.nextLine();
      case 'masked': {
        // The vendor's remainder: 2-6 % on top of the attributed revenue, no ids, no counts.
        const day = dayNumber(this.day);
        const share = 0.02 + 0.04 * (hashPair(seedHash(this.options.seed), day) / 4294967296);
        values.fill(MISSING_VALUE);
        values[DATE] = this.day;
        values[USER_ID] = MASKED_USER_ID;
        values[REVENUE] = this.revenueText(this.revenueTotalUsd * share, true);
        values[IMPRESSIONS] = '0';
        values[CLICKS] = '0';
        values[CONVERSIONS] = '0';
        this.dataRows += 1;
        this.stage = 'end';
        return this.line();
      }
      case 'end':
        return undefined;
    }
  }

  // The malformed-row defect hits the third data row, or the masked row of a shorter file.
  private revenueText(revenueUsd: number, last = false): string {
    const hit =
      this.dataRows === MALFORMED_ROW_INDEX || (last && this.dataRows < MALFORMED_ROW_INDEX);
    return this.defects.malformedRow && hit ? MALFORMED_REVENUE : String(revenueUsd);
  }

  private line(): string {
    const { values, order } = this;
    let text = values[order[0]];
    for (let i = 1; i < order.length; i += 1) text += `,${values[order[i]]}`;
    return text;
  }
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
