import type { UserFilter } from '../graphql/common/user-filter.input';
import type { AllowedApps } from '../readers/allowed-apps-sql';
import type { StatementRunner } from '../readers/statement-runner';
import { andAll, havingAll, userFilterSql } from '../readers/user-filter-sql';

/** A cohort's cumulative revenue at one age, before maturity is judged. */
export interface CohortAgeRow {
  /** The cohort: users first seen on this UTC day. */
  readonly firstSeen: string;
  /** The age; null on the one row of a cohort when no ages were asked for. */
  readonly day: number | null;
  /** Users in the cohort. */
  readonly users: number;
  /** Exact USD earned by the cohort from firstSeen through firstSeen + day. */
  readonly revenue: string;
}

/**
 * Cumulative revenue of each first-seen cohort in `from..to` at each age, one statement. A user's
 * first-seen day is the earliest stored day with a row of theirs among the filtered rows; user
 * thresholds of the filter apply to their totals over all stored history. Only the rows of
 * `apps`, the caller's allow-list, are read (undefined: every app).
 *
 * Without row conditions the first-seen days and thresholds come from `user_summary` (a row per
 * user and app, maintained with the day rows), so only the day rows a cohort can reach are
 * read: from `from` to `to` plus the oldest age. Revenue is summed per cohort and age in days
 * before the ages are applied, so the cross join sees a few hundred rows, not every user-day.
 */
export async function readCohortRevenue(
  store: StatementRunner,
  query: {
    from: string;
    to: string;
    days: readonly number[];
    filter: UserFilter | undefined;
    apps: AllowedApps;
  },
): Promise<CohortAgeRow[]> {
  const filter = userFilterSql(query.filter, query.apps);
  const fromSummary = filter.rows.length === 0;
  return store.all<CohortAgeRow>(
    fromSummary ? 'cohort_cumulative_revenue_from_summary' : 'cohort_cumulative_revenue',
    `WITH rows AS (
            SELECT user_id, report_day, revenue
              FROM user_day
             WHERE NOT is_masked ${andAll(filter.rows)}
               AND report_day BETWEEN $from::DATE AND $to::DATE + $maxDay::INTEGER),
          firsts AS (${fromSummary ? FIRSTS_FROM_SUMMARY : firstsFromRows(filter.rows)}
             GROUP BY user_id
             ${havingAll(filter.users)}),
          cohort AS (
            SELECT user_id, first_seen FROM firsts
             WHERE first_seen BETWEEN $from::DATE AND $to::DATE),
          sizes AS (
            SELECT first_seen, count(*) AS users FROM cohort GROUP BY first_seen),
          ages AS (SELECT DISTINCT unnest($days)::INTEGER AS day),
          by_age AS (
            SELECT c.first_seen, CAST(r.report_day - c.first_seen AS INTEGER) AS age,
                   sum(r.revenue) AS revenue
              FROM cohort c
              JOIN rows r ON r.user_id = c.user_id
             WHERE r.report_day <= c.first_seen + $maxDay::INTEGER
             GROUP BY c.first_seen, age),
          earned AS (
            SELECT b.first_seen, a.day, sum(b.revenue) FILTER (WHERE b.age <= a.day) AS revenue
              FROM by_age b
             CROSS JOIN ages a
             GROUP BY b.first_seen, a.day)
     SELECT s.first_seen AS "firstSeen", a.day, s.users,
            coalesce(e.revenue, 0) AS revenue
       FROM sizes s
       -- LEFT, not CROSS: with no ages asked for, each cohort still answers its size.
       LEFT JOIN ages a ON true
       LEFT JOIN earned e ON e.first_seen = s.first_seen AND e.day = a.day
      ORDER BY s.first_seen, a.day`,
    {
      ...filter.params,
      from: query.from,
      to: query.to,
      days: [...query.days],
      maxDay: Math.max(0, ...query.days),
    },
  );
}

/**
 * Each user's first-seen day over the filtered day rows of all history, with the columns the
 * threshold conditions name (see user-filter-sql.ts).
 */
function firstsFromRows(conditions: readonly string[]): string {
  return `SELECT user_id, min(report_day) AS first_seen
            FROM user_day
           WHERE NOT is_masked ${andAll(conditions)}`;
}

/**
 * The same from the summary's rows per user and app. The threshold conditions aggregate
 * `revenue`, `impressions` and `max(report_day)`: summed per-app totals are the user's totals,
 * and the latest day is the latest `last_seen`, hence the alias.
 */
const FIRSTS_FROM_SUMMARY = `SELECT user_id, min(first_seen) AS first_seen
     FROM (SELECT user_id, first_seen, last_seen AS report_day, revenue, impressions
             FROM user_summary)`;
