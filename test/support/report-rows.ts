import { dayCsv } from '../../src/simulator';
import { parseUsd } from './usd';

/**
 * The rows of a simulated report day, read the way a careful reader of the vendor's CSV would:
 * by header name, with a small CSV parser of its own, so expected values never depend on the
 * gateway's ingest.
 */

/** The masked row's user identifier, in any case (see shared/dt-api.md). */
const MASKED_USER_ID = 'aggregated masked user level revenue';

/** The simulated population a harness serves; the same values give the same files. */
export interface Population {
  readonly users: number;
  readonly seed: number;
}

/** One line of a report file. */
export interface ReportRow {
  readonly day: string;
  readonly appId: string;
  /** The user the row belongs to: the publisher user id, or the advertising id without one. */
  readonly userId: string;
  /** The advertising id as written; '' when the file has none. */
  readonly advertisingId: string;
  readonly deviceOs: string;
  readonly country: string;
  /** Exact revenue in units of 10^-18 USD (see usd.ts). */
  readonly revenue: bigint;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  /** The vendor's synthetic row of unattributed revenue: not a user. */
  readonly masked: boolean;
}

/** Every row of the simulator's file for `day`, masked row included, in file order. */
export function simulatedDay(population: Population, day: string): ReportRow[] {
  const text = Buffer.concat([...dayCsv(population, day)]).toString('utf8');
  const [header, ...records] = parseCsv(text);
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`The file of ${day} has no column ${JSON.stringify(name)}.`);
    return index;
  };
  const at = {
    date: column('Date'),
    appId: column('App ID'),
    userId: column('User ID'),
    advertisingId: column('Advertising ID'),
    deviceOs: column('Device OS'),
    country: column('Country'),
    revenue: column('Revenue (USD)'),
    impressions: column('Impressions'),
    clicks: column('Clicks'),
    conversions: column('Conversions'),
  };

  return records.map((fields) => {
    if (fields[at.date] !== day) throw new Error(`A row of ${day} is dated ${fields[at.date]}.`);
    const userId = fields[at.userId] || fields[at.advertisingId];
    return {
      day,
      appId: fields[at.appId],
      userId,
      advertisingId: fields[at.advertisingId],
      deviceOs: fields[at.deviceOs],
      country: fields[at.country],
      revenue: parseUsd(fields[at.revenue]),
      impressions: count(fields[at.impressions]),
      clicks: count(fields[at.clicks]),
      conversions: count(fields[at.conversions]),
      masked: userId.trim().toLowerCase() === MASKED_USER_ID,
    };
  });
}

/** A count column: empty means 0. */
function count(text: string): number {
  return text === '' ? 0 : Number.parseInt(text, 10);
}

/**
 * Splits CSV text into records of fields: fields separated by commas, records by LF or CRLF,
 * a field in double quotes may hold commas, line breaks and doubled quotes. A final line break
 * does not start an empty record.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
