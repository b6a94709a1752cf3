import { dayCsv } from '../../src/simulator';
import type { LoadedDay, Store } from '../../src/store';
import { parseCsv, simulatedDay, type Population } from '../support/report-rows';
import { formatUsd, parseUsd } from '../support/usd';

/**
 * What a report day holds, computed from the simulator's own file and read back from the store,
 * so that reliability tests can say "this day is exactly the vendor's file" or "this day did not
 * change". Expected values never come from the gateway's ingest.
 */

/** Row count and exact revenue total (USD, 18 fractional digits) of one day. */
export interface DayFacts {
  readonly rows: number;
  readonly revenueTotal: string;
}

/** What the catalogue and the rows of one stored day say, for before/after comparisons. */
export interface DaySnapshot {
  readonly entry: LoadedDay | null;
  /** Every stored row of the day as canonical text, sorted. */
  readonly rows: readonly string[];
}

/** Facts of a small simulated day, parsed whole. */
export function fileFacts(population: Population, day: string): DayFacts {
  const rows = simulatedDay(population, day);
  const total = rows.reduce((sum, row) => sum + row.revenue, 0n);
  return { rows: rows.length, revenueTotal: formatUsd(total) };
}

/**
 * Facts of a simulated day of any size, read line by line as the file streams out of the
 * generator, so a million-row day never sits whole in memory. The simulator writes no line
 * breaks inside fields, so a line is a record.
 */
export function streamedFileFacts(population: Population, day: string): DayFacts {
  let carry = '';
  let revenueAt = -1;
  let rows = 0;
  let total = 0n;
  const takeLine = (line: string) => {
    const [fields] = parseCsv(line);
    if (revenueAt < 0) {
      revenueAt = fields.indexOf('Revenue (USD)');
      if (revenueAt < 0) throw new Error(`The file of ${day} has no revenue column.`);
      return;
    }
    rows += 1;
    total += parseUsd(fields[revenueAt]);
  };
  for (const chunk of dayCsv(population, day)) {
    const lines = (carry + chunk.toString('utf8')).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) takeLine(line);
  }
  if (carry !== '') takeLine(carry);
  return { rows, revenueTotal: formatUsd(total) };
}

/** The simulator's rows of a day as canonical text, sorted: what the store must hold. */
export function fileRowTexts(population: Population, day: string): string[] {
  return simulatedDay(population, day)
    .map((row) =>
      rowText([
        row.userId,
        row.appId,
        row.advertisingId,
        row.deviceOs,
        row.country,
        formatUsd(row.revenue),
        row.impressions,
        row.clicks,
        row.conversions,
        row.masked,
      ]),
    )
    .sort();
}

/** The stored rows of a day as canonical text, sorted; empty for a day not stored. */
export async function storedRowTexts(store: Store, day: string): Promise<string[]> {
  const rows = await store.all<Record<string, string | number | boolean | null>>(
    'reliability_day_rows',
    `SELECT user_id, app_id, advertising_id, device_os, country, revenue, impressions, clicks,
        conversions, is_masked
      FROM user_day WHERE report_day = $day::DATE`,
    { day },
  );
  return rows
    .map((row) =>
      rowText([
        row.user_id,
        row.app_id,
        row.advertising_id,
        row.device_os,
        row.country,
        row.revenue,
        row.impressions,
        row.clicks,
        row.conversions,
        row.is_masked,
      ]),
    )
    .sort();
}

/** Row count and exact revenue sum of a day's stored rows (not the catalogue's word for it). */
export async function storedFacts(store: Store, day: string): Promise<DayFacts> {
  const [facts] = await store.all<{ rows: number; revenue_total: string | null }>(
    'reliability_day_facts',
    `SELECT count(*) AS rows, sum(revenue) AS revenue_total
      FROM user_day WHERE report_day = $day::DATE`,
    { day },
  );
  return { rows: facts.rows, revenueTotal: facts.revenue_total ?? formatUsd(0n) };
}

/** The catalogue entry and the rows of a day, as they are now. */
export async function snapshotDay(store: Store, day: string): Promise<DaySnapshot> {
  return { entry: await store.dayEntry(day), rows: await storedRowTexts(store, day) };
}

// Empty and missing values compare equal: the file writes "" where the store keeps NULL.
function rowText(values: readonly (string | number | boolean | null)[]): string {
  return values.map((value) => (value === null ? '' : String(value))).join('|');
}
