import { isDeepStrictEqual } from 'node:util';

import type { ReportRow } from '../support/report-rows';
import { plusDays } from '../support/days';
import { parseUsd, usdToNumber } from '../support/usd';

/**
 * The answers a correct gateway gives, computed from the simulator's rows of the stored days,
 * for arguments of any shape. Every `check…` function returns a list of problems (empty when the
 * answer is right), so a property can report all of them with the input that caused them.
 *
 * Semantics come from the schema's descriptions: lists in a filter match any of their values
 * (an empty list does not filter), platforms compare lowercased and countries uppercased,
 * thresholds apply to a user's totals over the range, the masked row is never a user.
 */

/** Revenue (10^-18 USD) and counts summed over some rows. */
interface Sum {
  revenue: bigint;
  impressions: number;
  clicks: number;
  conversions: number;
}

interface UserSum extends Sum {
  readonly id: string;
  readonly days: Set<string>;
  lastSeen: string;
}

/** A filter as a client sent it, once it passed the schema (fields may be null). */
export interface SentFilter {
  appIds?: string[] | null;
  deviceOs?: string[] | null;
  countries?: string[] | null;
  minRevenue?: number | null;
  maxRevenue?: number | null;
  minImpressions?: number | null;
  lastSeenBefore?: string | null;
  lastSeenOnOrAfter?: string | null;
}

const METRICS = ['REVENUE', 'IMPRESSIONS', 'CLICKS', 'CONVERSIONS', 'ACTIVE_DAYS'] as const;

/** The stored world: the rows of every loaded day and the day the clock says it is. */
export class HostileOracle {
  /** The last stored day; days after it are not published yet. */
  readonly newest: string;
  /** The oldest day the vendor still serves; days before it are gone. */
  readonly oldest: string;

  constructor(
    private readonly rows: readonly ReportRow[],
    readonly loaded: readonly string[],
  ) {
    this.oldest = loaded[0];
    this.newest = loaded[loaded.length - 1];
  }

  /** The stored days of a well-formed range, or undefined when the range is not one. */
  loadedIn(range: unknown): string[] | undefined {
    const days = rangeDays(range);
    return days && days.filter((day) => this.loaded.includes(day));
  }

  /** Coverage of a well-formed range: stored, gone (older than the window), still to come. */
  coverage(range: { from: string; to: string }) {
    const days = rangeDays(range) ?? [];
    const loaded = days.filter((day) => this.loaded.includes(day));
    const unavailable = days.filter((day) => day < this.oldest);
    const pending = days.filter((day) => day > this.newest);
    return { loaded, pending, unavailable, complete: pending.length + unavailable.length === 0 };
  }

  /** Real users' sums over `days`, after the filter's row conditions and thresholds. */
  users(days: readonly string[], filter: SentFilter | null | undefined): Map<string, UserSum> {
    const users = new Map<string, UserSum>();
    for (const row of this.rows) {
      if (row.masked || !days.includes(row.day) || !rowMatches(row, filter)) continue;
      let user = users.get(row.userId);
      if (!user) {
        user = { id: row.userId, ...zero(), days: new Set(), lastSeen: row.day };
        users.set(row.userId, user);
      }
      add(user, row);
      user.days.add(row.day);
      if (row.day > user.lastSeen) user.lastSeen = row.day;
    }
    for (const [id, user] of users) if (!passesThresholds(user, filter)) users.delete(id);
    return users;
  }

  /** Users ranked by a metric, highest first, ties by user id ascending. */
  ranking(days: readonly string[], metric: string, filter: SentFilter | null | undefined) {
    const value = (user: UserSum): bigint | number =>
      metric === 'IMPRESSIONS'
        ? user.impressions
        : metric === 'CLICKS'
          ? user.clicks
          : metric === 'CONVERSIONS'
            ? user.conversions
            : metric === 'ACTIVE_DAYS'
              ? user.days.size
              : user.revenue;
    return [...this.users(days, filter).values()].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x !== y) return x > y ? -1 : 1;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }

  /** Every row of one user (masked row excluded), oldest day first. */
  rowsOf(userId: string): ReportRow[] {
    return this.rows
      .filter((row) => !row.masked && row.userId === userId)
      .sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  /** Rows of real users carrying exactly this advertising id. */
  rowsOfAdvertisingId(advertisingId: string): ReportRow[] {
    return this.rows.filter((row) => !row.masked && row.advertisingId === advertisingId);
  }

  /** Rows of `days`, the masked one included, that pass the filter's row conditions. */
  matchingRows(days: readonly string[], filter: SentFilter | null | undefined): ReportRow[] {
    return this.rows.filter((row) => days.includes(row.day) && rowMatches(row, filter));
  }

  /** Whether `metric` is one of the ranking metrics (anything else must have been refused). */
  static isMetric(metric: unknown): boolean {
    return METRICS.includes(metric as (typeof METRICS)[number]);
  }
}

const MS_PER_DAY = 86_400_000;

/** The days of a range of two real days in order, at most 400 of them; otherwise undefined. */
export function rangeDays(range: unknown): string[] | undefined {
  if (typeof range !== 'object' || range === null) return undefined;
  const { from, to } = range as { from?: unknown; to?: unknown };
  if (!isRealDay(from) || !isRealDay(to)) return undefined;
  const span = (Date.parse(to) - Date.parse(from)) / MS_PER_DAY + 1;
  if (span < 1 || span > 400) return undefined;
  // Counted, not compared: past 9999-12-31 a day's text no longer sorts as a date.
  return Array.from({ length: span }, (_, offset) => plusDays(from, offset));
}

/** Whether `value` is a real calendar day written YYYY-MM-DD (years 1000 to 9999). */
export function isRealDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1000') {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Whether a filter asks for thresholds on users' totals. */
export function hasThresholds(filter: SentFilter | null | undefined): boolean {
  if (!filter) return false;
  return (
    filter.minRevenue != null ||
    filter.maxRevenue != null ||
    filter.minImpressions != null ||
    filter.lastSeenBefore != null ||
    filter.lastSeenOnOrAfter != null
  );
}

/**
 * A list argument as GraphQL coerces it: a single value stands for a list of one (null and
 * absence stay as they are).
 */
export function asList<T>(value: T | T[] | null | undefined): T[] | null | undefined {
  if (value === null || value === undefined) return value as null | undefined;
  return Array.isArray(value) ? (value as T[]) : [value as T];
}

function rowMatches(row: ReportRow, filter: SentFilter | null | undefined): boolean {
  if (!filter) return true;
  const anyOf = (sent: string[] | null | undefined, value: string, fold: (s: string) => string) => {
    const values = asList(sent);
    return !values?.length || values.some((candidate) => fold(candidate) === fold(value));
  };
  if (row.masked && (filter.appIds?.length || filter.deviceOs?.length || filter.countries?.length))
    return false;
  return (
    anyOf(filter.appIds, row.appId, (s) => s) &&
    anyOf(filter.deviceOs, row.deviceOs, (s) => s.toLowerCase()) &&
    anyOf(filter.countries, row.country, (s) => s.toUpperCase())
  );
}

function passesThresholds(user: UserSum, filter: SentFilter | null | undefined): boolean {
  if (!filter) return true;
  if (filter.minRevenue != null && user.revenue < parseUsd(String(filter.minRevenue))) return false;
  if (filter.maxRevenue != null && user.revenue > parseUsd(String(filter.maxRevenue))) return false;
  if (filter.minImpressions != null && user.impressions < filter.minImpressions) return false;
  if (filter.lastSeenBefore != null && !(user.lastSeen < filter.lastSeenBefore)) return false;
  if (filter.lastSeenOnOrAfter != null && !(user.lastSeen >= filter.lastSeenOnOrAfter))
    return false;
  return true;
}

/** Zero sums. */
export function zero(): Sum {
  return { revenue: 0n, impressions: 0, clicks: 0, conversions: 0 };
}

/** Adds a row to a sum, in place. */
export function add(sum: Sum, row: ReportRow | Sum): void {
  sum.revenue += row.revenue;
  sum.impressions += row.impressions;
  sum.clicks += row.clicks;
  sum.conversions += row.conversions;
}

/** Compares answered metrics with exact sums: counts exactly, revenue to 1e-9 relative. */
export function metricsProblems(
  where: string,
  answered: { revenue?: number; impressions?: number; clicks?: number; conversions?: number },
  expected: Sum,
): string[] {
  const problems: string[] = [];
  const revenue = usdToNumber(expected.revenue);
  if (answered.revenue !== undefined && !closeTo(answered.revenue, revenue)) {
    problems.push(`${where}.revenue is ${answered.revenue}, expected ${revenue}`);
  }
  for (const field of ['impressions', 'clicks', 'conversions'] as const) {
    if (answered[field] !== undefined && answered[field] !== expected[field]) {
      problems.push(`${where}.${field} is ${answered[field]}, expected ${expected[field]}`);
    }
  }
  return problems;
}

/** Equal to a relative 1e-9, or an absolute 1e-9 near zero. */
export function closeTo(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/** One problem when `actual` and `expected` differ, in JSON. */
export function sameProblem(where: string, actual: unknown, expected: unknown): string[] {
  return isDeepStrictEqual(actual, expected)
    ? []
    : [`${where} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`];
}
