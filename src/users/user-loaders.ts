import DataLoader from 'dataloader';

import { addDays } from '../availability/day';
import { NO_ACTIVITY, type MetricTotals } from '../graphql/common/metrics.type';
import type { AllowedApps } from '../readers/allowed-apps-sql';
import type { StatementRunner } from '../readers/statement-runner';
import {
  readUserDays,
  readUserLtv,
  readUserProfiles,
  readUserSummaries,
  readUserTotals,
  type UserDayTotals,
  type UserLtvPoint,
  type UserProfile,
  type UserSummary,
} from './user-readers';

type Range = { from: string; to: string };

/**
 * The per-request batchers behind every `User` field. All users whose field is asked for in one
 * tick of the event loop are fetched by one statement; loaders for a field with arguments are
 * kept per distinct argument value, so `totals(range: A)` and `totals(range: B)` batch apart.
 * Made anew for every request: nothing cached here outlives it. Every statement reads only the
 * rows of `apps`, the request's allow-list (undefined: every app).
 */
export class UserLoaders {
  private readonly byArguments = new Map<string, DataLoader<string, unknown>>();
  /** First-seen days this request has read, by user id (undefined: the user has no rows). */
  private readonly firstSeen = new Map<string, string | undefined>();

  constructor(
    private readonly store: StatementRunner,
    private readonly apps: AllowedApps,
  ) {}

  /** Identity facts, or undefined for an id with no stored rows. */
  profile(userId: string): Promise<UserProfile | undefined> {
    return this.loader('profile', async (ids) => {
      const profiles = inOrder(
        ids,
        await readUserProfiles(this.store, ids, this.apps),
        (row) => row.userId,
      );
      ids.forEach((id, index) => this.firstSeen.set(id, profiles[index]?.firstSeen));
      return profiles;
    }).load(userId) as Promise<UserProfile | undefined>;
  }

  /**
   * First and last stored day and all-history totals, or undefined for an id with no stored
   * rows: whether a user exists, for the price of its all-history totals, which it keeps for
   * `totals(userId, undefined)` (no statement of its own then) along with the first-seen day
   * for `ltv`.
   */
  summary(userId: string): Promise<UserSummary | undefined> {
    return this.loader('summary', async (ids) => {
      const summaries = inOrder(
        ids,
        await readUserSummaries(this.store, ids, this.apps),
        (row) => row.userId,
      );
      const allHistory = this.totalsLoader(undefined);
      ids.forEach((id, index) => {
        this.firstSeen.set(id, summaries[index]?.firstSeen);
        allHistory.prime(id, summaries[index] ?? NO_ACTIVITY);
      });
      return summaries;
    }).load(userId) as Promise<UserSummary | undefined>;
  }

  /** Exact totals over `range`, or all stored history; zeros for a user with no rows. */
  totals(userId: string, range: Range | undefined): Promise<MetricTotals> {
    return this.totalsLoader(range).load(userId) as Promise<MetricTotals>;
  }

  /** Per-day totals in `range`, oldest first; only days with activity. */
  days(userId: string, range: Range): Promise<UserDayTotals[]> {
    return this.loader(`days:${range.from}:${range.to}`, async (ids) => {
      const rows = await readUserDays(this.store, ids, range, this.apps);
      return groupInOrder(ids, rows, (row) => row.userId);
    }).load(userId) as Promise<UserDayTotals[]>;
  }

  /**
   * Cumulative revenue at each requested age; empty for a user with no rows. When the request
   * has already read the first-seen days of the whole batch (a user's page has, in its summary),
   * they bound the day rows read; should a load have moved a first-seen day out of those bounds
   * meanwhile, the batch is read again whole. Nothing is read in advance for this alone.
   */
  ltv(userId: string, days: readonly number[]): Promise<UserLtvPoint[]> {
    return this.loader(`ltv:${[...new Set(days)].sort((a, b) => a - b).join(',')}`, async (ids) => {
      const known = ids.every((id) => this.firstSeen.has(id));
      const window = known
        ? ltvWindow(
            ids.map((id) => this.firstSeen.get(id)),
            days,
          )
        : undefined;
      let rows = await readUserLtv(this.store, ids, days, this.apps, window);
      if (window && rows.some((row) => !inWindow(row.firstSeen, days, window))) {
        rows = await readUserLtv(this.store, ids, days, this.apps);
      }
      return groupInOrder(ids, rows, (row) => row.userId);
    }).load(userId) as Promise<UserLtvPoint[]>;
  }

  private totalsLoader(range: Range | undefined): DataLoader<string, unknown> {
    const key = range ? `totals:${range.from}:${range.to}` : 'totals:all';
    return this.loader(key, async (ids) => {
      const rows = await readUserTotals(this.store, ids, range, this.apps);
      return inOrder(ids, rows, (row) => row.userId).map((row) => row ?? NO_ACTIVITY);
    });
  }

  private loader<V>(
    key: string,
    batch: (ids: readonly string[]) => Promise<V[]>,
  ): DataLoader<string, unknown> {
    let loader = this.byArguments.get(key);
    if (!loader) {
      loader = new DataLoader<string, unknown>(batch, { maxBatchSize: 10_000 });
      this.byArguments.set(key, loader);
    }
    return loader;
  }
}

/** DataLoader's contract: one answer per key, in the keys' order. */
function inOrder<T>(
  ids: readonly string[],
  rows: T[],
  idOf: (row: T) => string,
): (T | undefined)[] {
  const byId = new Map(rows.map((row) => [idOf(row), row]));
  return ids.map((id) => byId.get(id));
}

function groupInOrder<T>(ids: readonly string[], rows: T[], idOf: (row: T) => string): T[][] {
  const byId = new Map<string, T[]>();
  for (const row of rows) {
    const list = byId.get(idOf(row));
    if (list) list.push(row);
    else byId.set(idOf(row), [row]);
  }
  return ids.map((id) => byId.get(id) ?? []);
}

type Window = { from: string; to: string };

/** The days an LTV batch needs: earliest first-seen day through latest plus the largest age. */
function ltvWindow(
  firstSeen: readonly (string | undefined)[],
  days: readonly number[],
): Window | undefined {
  const firsts = firstSeen.filter((day): day is string => day !== undefined);
  if (firsts.length === 0 || days.length === 0) return undefined;
  firsts.sort();
  return { from: firsts[0], to: addDays(firsts[firsts.length - 1], Math.max(...days)) };
}

function inWindow(firstSeen: string, days: readonly number[], window: Window): boolean {
  return firstSeen >= window.from && addDays(firstSeen, Math.max(...days)) <= window.to;
}
