import type { MetricTotals } from '../graphql/common/metrics.type';
import { allowedAppsSql, type AllowedApps } from '../readers/allowed-apps-sql';
import type { StatementRunner } from '../readers/statement-runner';
import { andAll } from '../readers/user-filter-sql';
import { userBatchSql } from './user-batch-sql';

/**
 * The per-user questions, each one statement for a whole batch of user ids, so a page of users
 * or an `_entities` batch costs one statement per field. The masked row is never a user: every
 * statement excludes it. Each reads only the rows of `apps`, the caller's allow-list: a user
 * exists, is first seen and earns only in the apps the caller may see.
 *
 * Identity facts and all-history totals come from `user_summary` (one row per user and app,
 * maintained by every load), so they cost the same whatever the length of the history; day
 * rows are read only for questions about days.
 */

/** A user's identity facts over all stored history. */
export interface UserProfile {
  readonly userId: string;
  /** The earliest stored UTC day with a row for the user. */
  readonly firstSeen: string;
  /** The latest stored UTC day with a row for the user. */
  readonly lastSeen: string;
  readonly advertisingIds: string[];
}

/** Profiles of the given users; users without rows are absent from the answer. */
export async function readUserProfiles(
  store: StatementRunner,
  userIds: readonly string[],
  apps: AllowedApps,
): Promise<UserProfile[]> {
  const allowed = allowedAppsSql(apps);
  const batch = userBatchSql(userIds, allowed.rows);
  return store.all<UserProfile>(
    'user_profiles',
    `WITH ${batch.summaryCtes},
          ads AS (
            SELECT user_id,
                   list(DISTINCT advertising_id ORDER BY advertising_id) AS advertising_ids
              FROM user_advertising_id
             WHERE ${batch.hashIn('user_hash')} AND ${batch.idIn('user_id')} ${andAll(allowed.rows)}
             GROUP BY user_id)
     SELECT s.user_id AS "userId",
            min(s.first_seen) AS "firstSeen",
            max(s.last_seen) AS "lastSeen",
            coalesce(any_value(a.advertising_ids), []) AS "advertisingIds"
       FROM summary_rows s
       LEFT JOIN ads a ON a.user_id = s.user_id
      GROUP BY s.user_id`,
    { ...allowed.params, ...batch.params },
  );
}

/** The user id an advertising id belongs to, most recently seen first; undefined if none. */
export async function readUserIdByAdvertisingId(
  store: StatementRunner,
  advertisingId: string,
  apps: AllowedApps,
): Promise<string | undefined> {
  const allowed = allowedAppsSql(apps);
  const rows = await store.all<{ userId: string }>(
    'user_id_by_advertising_id',
    `SELECT user_id AS "userId"
       FROM user_day
      WHERE advertising_id = $advertisingId AND NOT is_masked ${andAll(allowed.rows)}
      ORDER BY report_day DESC, user_id
      LIMIT 1`,
    { ...allowed.params, advertisingId },
  );
  return rows[0]?.userId;
}

/** A user's exact totals; `range` limits the days, undefined means all stored history. */
export interface UserTotals extends MetricTotals {
  readonly userId: string;
}

/** The exact sums of the metric columns, named as `MetricTotals` names them. */
const TOTALS = `sum(revenue) AS revenue, sum(impressions) AS impressions,
            sum(clicks) AS clicks, sum(conversions) AS conversions`;

/** Totals of the given users over an inclusive day range, or over all history. */
export async function readUserTotals(
  store: StatementRunner,
  userIds: readonly string[],
  range: { from: string; to: string } | undefined,
  apps: AllowedApps,
): Promise<UserTotals[]> {
  const allowed = allowedAppsSql(apps);
  const batch = userBatchSql(userIds, allowed.rows);
  const params = { ...allowed.params, ...batch.params };
  if (!range) {
    return store.all<UserTotals>(
      'user_totals_all_history',
      `WITH ${batch.summaryCtes}
       SELECT user_id AS "userId", ${TOTALS} FROM summary_rows GROUP BY user_id`,
      params,
    );
  }
  return store.all<UserTotals>(
    'user_totals_in_range',
    `SELECT user_id AS "userId", ${TOTALS}
       FROM user_day
      WHERE ${batch.idIn('user_id')} AND NOT is_masked ${andAll(allowed.rows)}
        AND report_day BETWEEN $from::DATE AND $to::DATE
      GROUP BY user_id`,
    { ...params, from: range.from, to: range.to },
  );
}

/** What one summary lookup says of a user: first and last stored day, all-history totals. */
export interface UserSummary extends UserTotals {
  /** The earliest stored UTC day with a row for the user. */
  readonly firstSeen: string;
  /** The latest stored UTC day with a row for the user. */
  readonly lastSeen: string;
}

/**
 * First-seen and last-seen days and all-history totals of the given users, from `user_summary`
 * alone; users without rows are absent. The totals are those `readUserTotals` answers without
 * a range (the same sums of the same rows), so one statement tells whether a user exists and
 * what it earned.
 */
export async function readUserSummaries(
  store: StatementRunner,
  userIds: readonly string[],
  apps: AllowedApps,
): Promise<UserSummary[]> {
  const allowed = allowedAppsSql(apps);
  const batch = userBatchSql(userIds, allowed.rows);
  return store.all<UserSummary>(
    'user_summaries',
    `WITH ${batch.summaryCtes}
     SELECT user_id AS "userId", min(first_seen) AS "firstSeen", max(last_seen) AS "lastSeen",
            ${TOTALS}
       FROM summary_rows
      GROUP BY user_id`,
    { ...allowed.params, ...batch.params },
  );
}

/** One user's exact totals on one UTC day. */
export interface UserDayTotals extends UserTotals {
  readonly date: string;
}

/** Per-day totals of the given users in an inclusive range, oldest day first. */
export async function readUserDays(
  store: StatementRunner,
  userIds: readonly string[],
  range: { from: string; to: string },
  apps: AllowedApps,
): Promise<UserDayTotals[]> {
  const allowed = allowedAppsSql(apps);
  const batch = userBatchSql(userIds, allowed.rows);
  return store.all<UserDayTotals>(
    'user_days_in_range',
    `SELECT user_id AS "userId", report_day AS date, ${TOTALS}
       FROM user_day
      WHERE ${batch.idIn('user_id')} AND NOT is_masked ${andAll(allowed.rows)}
        AND report_day BETWEEN $from::DATE AND $to::DATE
      GROUP BY user_id, report_day
      ORDER BY user_id, report_day`,
    { ...allowed.params, ...batch.params, from: range.from, to: range.to },
  );
}

/** A user's cumulative revenue from the first-seen day through `day` days after it. */
export interface UserLtvPoint {
  readonly userId: string;
  readonly day: number;
  readonly firstSeen: string;
  /** Exact USD. */
  readonly revenue: string;
}

/**
 * Cumulative revenue of the given users at each requested age (days since first seen,
 * inclusive of both ends). Maturity (whether the age has been reached by the loaded data) is
 * the caller's to judge from `firstSeen`. `window`, when given, limits the day rows read to the
 * days from the earliest first-seen day through the latest first-seen day plus the largest
 * age, so the engine skips the rest of the history; the caller must check that every returned
 * `firstSeen` lies in it (a load between reading the profiles and this statement may have
 * moved one) and ask again without a window when one does not.
 */
export async function readUserLtv(
  store: StatementRunner,
  userIds: readonly string[],
  days: readonly number[],
  apps: AllowedApps,
  window?: { from: string; to: string },
): Promise<UserLtvPoint[]> {
  const allowed = allowedAppsSql(apps);
  const batch = userBatchSql(userIds, allowed.rows);
  return store.all<UserLtvPoint>(
    'user_ltv_points',
    `WITH ${batch.summaryCtes},
          firsts AS (
            SELECT user_id, min(first_seen) AS first_seen FROM summary_rows GROUP BY user_id),
          rows AS (
            SELECT user_id, report_day, revenue
              FROM user_day
             WHERE ${batch.idIn('user_id')} AND NOT is_masked
                   ${andAll(allowed.rows)}
                   ${window ? 'AND report_day BETWEEN $from::DATE AND $to::DATE' : ''}),
          ages AS (SELECT DISTINCT unnest($days)::INTEGER AS day)
     SELECT f.user_id AS "userId",
            a.day,
            f.first_seen AS "firstSeen",
            coalesce(sum(r.revenue) FILTER (WHERE r.report_day <= f.first_seen + a.day), 0)
              AS revenue
       FROM firsts f
       CROSS JOIN ages a
       LEFT JOIN rows r ON r.user_id = f.user_id
      GROUP BY f.user_id, a.day, f.first_seen`,
    {
      ...allowed.params,
      ...batch.params,
      days: [...days],
      ...(window ? { from: window.from, to: window.to } : {}),
    },
  );
}
