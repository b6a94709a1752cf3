import { simulatedDay, type Population, type ReportRow } from './report-rows';
import { parseUsd } from './usd';

/**
 * Expected answers computed straight from the simulator's files, with exact integer arithmetic:
 * what the stored days say about each user, written from the contract in issue 4, never from
 * the gateway's code or output.
 */

/** Summed activity; revenue in units of 10^-18 USD. */
export interface Totals {
  revenue: bigint;
  impressions: number;
  clicks: number;
  conversions: number;
}

/** One user's totals over some days. */
export interface UserTotals extends Totals {
  readonly userId: string;
  /** Days with at least one row of the user. */
  activeDays: number;
  /** The latest of those days. */
  lastSeen: string;
}

/** A `UserFilter` as the tests pass it to the API. */
export interface Filter {
  appIds?: string[];
  deviceOs?: string[];
  countries?: string[];
  minRevenue?: number;
  maxRevenue?: number;
  minImpressions?: number;
  lastSeenBefore?: string;
  lastSeenOnOrAfter?: string;
}

/** The ranking metrics of the contract. */
export type Metric = 'REVENUE' | 'IMPRESSIONS' | 'CLICKS' | 'CONVERSIONS' | 'ACTIVE_DAYS';

/** Zero activity. */
export function noTotals(): Totals {
  return { revenue: 0n, impressions: 0, clicks: 0, conversions: 0 };
}

/** Adds a row's activity to `totals`, in place. */
export function addRow(totals: Totals, row: ReportRow): void {
  totals.revenue += row.revenue;
  totals.impressions += row.impressions;
  totals.clicks += row.clicks;
  totals.conversions += row.conversions;
}

/** The files of a set of stored days, and the per-user facts they imply. */
export class ExpectedReports {
  private constructor(private readonly byDay: ReadonlyMap<string, readonly ReportRow[]>) {}

  /** Generates and parses the simulator's file of each day. */
  static simulate(population: Population, days: readonly string[]): ExpectedReports {
    return new ExpectedReports(new Map(days.map((day) => [day, simulatedDay(population, day)])));
  }

  /** The stored days, oldest first. */
  get days(): string[] {
    return [...this.byDay.keys()].sort();
  }

  /** The latest stored day. */
  get latestDay(): string {
    return this.days[this.days.length - 1];
  }

  /** The rows of the given days that are stored, masked rows included. */
  rows(days: readonly string[] = this.days): ReportRow[] {
    return days.flatMap((day) => this.byDay.get(day) ?? []);
  }

  /** The rows of real users (no masked row) in the given days. */
  userRows(days: readonly string[] = this.days): ReportRow[] {
    return this.rows(days).filter((row) => !row.masked);
  }

  /** The sum of a file's revenue column, masked row included: the vendor's total of the day. */
  fileTotal(day: string): bigint {
    return (this.byDay.get(day) ?? []).reduce((sum, row) => sum + row.revenue, 0n);
  }

  /** Per-user totals over `days`, after the filter's row conditions and user thresholds. */
  userTotals(days: readonly string[], filter: Filter = {}): Map<string, UserTotals> {
    const users = new Map<string, UserTotals & { seen: Set<string> }>();
    for (const row of this.userRows(days).filter((candidate) => rowMatches(candidate, filter))) {
      let user = users.get(row.userId);
      if (!user) {
        user = {
          userId: row.userId,
          ...noTotals(),
          activeDays: 0,
          lastSeen: row.day,
          seen: new Set(),
        };
        users.set(row.userId, user);
      }
      addRow(user, row);
      user.seen.add(row.day);
      user.activeDays = user.seen.size;
      if (row.day > user.lastSeen) user.lastSeen = row.day;
    }
    const kept = new Map<string, UserTotals>();
    for (const [id, { seen: _seen, ...user }] of users) {
      if (userMatches(user, filter)) kept.set(id, user);
    }
    return kept;
  }

  /** Users ranked by `metric` over `days`, highest first, ties by user id ascending. */
  ranking(days: readonly string[], metric: Metric, filter: Filter = {}): UserTotals[] {
    const value = METRIC_VALUE[metric];
    return [...this.userTotals(days, filter).values()].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x !== y) return x > y ? -1 : 1;
      return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
    });
  }

  /** The earliest and latest stored day of a user, and its advertising ids, sorted. */
  profile(userId: string): { firstSeen: string; lastSeen: string; advertisingIds: string[] } {
    const rows = this.userRows().filter((row) => row.userId === userId);
    if (rows.length === 0) throw new Error(`User ${userId} has no stored rows.`);
    const days = rows.map((row) => row.day).sort();
    const ids = new Set(rows.map((row) => row.advertisingId).filter((id) => id !== ''));
    return { firstSeen: days[0], lastSeen: days[days.length - 1], advertisingIds: [...ids].sort() };
  }
}

const METRIC_VALUE: Record<Metric, (user: UserTotals) => bigint | number> = {
  REVENUE: (user) => user.revenue,
  IMPRESSIONS: (user) => user.impressions,
  CLICKS: (user) => user.clicks,
  CONVERSIONS: (user) => user.conversions,
  ACTIVE_DAYS: (user) => user.activeDays,
};

/** The filter's conditions on single rows: apps, platforms (any case), countries (any case). */
export function rowMatches(row: ReportRow, filter: Filter): boolean {
  const lower = (values: string[]) => values.map((value) => value.toLowerCase());
  if (filter.appIds && !filter.appIds.includes(row.appId)) return false;
  if (filter.deviceOs && !lower(filter.deviceOs).includes(row.deviceOs.toLowerCase())) {
    return false;
  }
  if (filter.countries && !lower(filter.countries).includes(row.country.toLowerCase())) {
    return false;
  }
  return true;
}

/** The filter's thresholds on a user's totals over the range. */
function userMatches(user: UserTotals, filter: Filter): boolean {
  if (filter.minRevenue != null && user.revenue < parseUsd(String(filter.minRevenue))) return false;
  if (filter.maxRevenue != null && user.revenue > parseUsd(String(filter.maxRevenue))) return false;
  if (filter.minImpressions != null && user.impressions < filter.minImpressions) return false;
  if (filter.lastSeenBefore != null && !(user.lastSeen < filter.lastSeenBefore)) return false;
  if (filter.lastSeenOnOrAfter != null && !(user.lastSeen >= filter.lastSeenOnOrAfter)) {
    return false;
  }
  return true;
}
