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
  return store.all<CohortAgeRow>(
    'cohort_cumulative_revenue',
    `WITH rows AS (
            SELECT user_id, report_day, revenue, impressions
              FROM user_day
             WHERE NOT is_masked ${andAll(filter.rows)}),
          firsts AS (
            SELECT user_id, min(report_day) AS first_seen
              FROM rows
             GROUP BY user_id
             ${havingAll(filter.users)}),
          cohort AS (
            SELECT user_id, first_seen FROM firsts
             WHERE first_seen BETWEEN $from::DATE AND $to::DATE),
          sizes AS (
            SELECT first_seen, count(*) AS users FROM cohort GROUP BY first_seen),
          ages AS (SELECT DISTINCT unnest($days)::INTEGER AS day),
          earned AS (
            SELECT c.first_seen, a.day,
                   sum(r.revenue) FILTER (WHERE r.report_day <= c.first_seen + a.day) AS revenue
              FROM cohort c
              JOIN rows r ON r.user_id = c.user_id
             CROSS JOIN ages a
             WHERE r.report_day <= c.first_seen + $maxDay::INTEGER
             GROUP BY c.first_seen, a.day)
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
