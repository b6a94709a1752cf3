import { allowedAppsSql, type AllowedApps } from '../readers/allowed-apps-sql';
import type { StatementRunner } from '../readers/statement-runner';
import { andAll } from '../readers/user-filter-sql';

/** Per-user revenue statistics over a set of days. */
export interface RevenueDistributionRows {
  /** Users with at least one row in the days (the masked row is not a user). */
  readonly users: number;
  /** For each asked p: the revenue of the user at that rank (no interpolation), exact USD. */
  readonly quantiles: { p: number; revenue: string }[];
  /** For each asked percent: exact USD of the top users and of all users. */
  readonly topShares: { percent: number; topRevenue: string; totalRevenue: string }[];
}

/**
 * Quantiles of per-user revenue and the revenue share of the top x % of users, over exactly the
 * given days, reading only the rows of `apps`, the caller's allow-list (undefined: every app).
 * Two statements whatever the number of quantiles and shares asked.
 */
export async function readRevenueDistribution(
  store: StatementRunner,
  query: {
    days: readonly string[];
    quantiles: readonly number[];
    topShares: readonly number[];
    apps: AllowedApps;
  },
): Promise<RevenueDistributionRows> {
  // Nothing stored yet: still one answer per asked point, as when the days hold no user.
  if (query.days.length === 0) {
    return {
      users: 0,
      quantiles: query.quantiles.map((p) => ({ p, revenue: '0' })),
      topShares: query.topShares.map((percent) => ({
        percent,
        topRevenue: '0',
        totalRevenue: '0',
      })),
    };
  }
  const sorted = [...query.days].sort();
  const allowed = allowedAppsSql(query.apps);
  const days = {
    ...allowed.params,
    days: sorted,
    first: sorted[0],
    last: sorted[sorted.length - 1],
  };
  const perUser = `
       SELECT user_id, sum(revenue) AS revenue
         FROM user_day
        WHERE report_day BETWEEN $first::DATE AND $last::DATE
          AND report_day IN (SELECT unnest($days)::DATE)
          AND NOT is_masked ${andAll(allowed.rows)}
        GROUP BY user_id`;

  const [summary] = await store.all<{ users: number; quantiles: string[] | null }>(
    'revenue_quantiles',
    `SELECT count(*) AS users,
            ${query.quantiles.length === 0 ? 'NULL' : 'quantile_disc(revenue, $quantiles::DOUBLE[])'}
              AS quantiles
       FROM (${perUser})`,
    query.quantiles.length === 0 ? days : { ...days, quantiles: [...query.quantiles] },
  );

  const shares =
    query.topShares.length === 0 || summary.users === 0
      ? []
      : await store.all<{ percent: number; topRevenue: string; totalRevenue: string }>(
          'revenue_top_shares',
          `WITH per_user AS MATERIALIZED (${perUser}),
                ranked AS (
                  SELECT revenue,
                         sum(revenue) OVER (ORDER BY revenue DESC, user_id
                                            ROWS UNBOUNDED PRECEDING) AS running,
                         row_number() OVER (ORDER BY revenue DESC, user_id) AS rank
                    FROM per_user),
                wanted AS (
                  SELECT percent,
                         greatest(1, ceil($users::DOUBLE * percent / 100))::BIGINT AS top_users
                    FROM (SELECT unnest($percents::DOUBLE[]) AS percent))
           SELECT w.percent,
                  r.running AS "topRevenue",
                  (SELECT coalesce(sum(revenue), 0) FROM per_user) AS "totalRevenue"
             FROM wanted w JOIN ranked r ON r.rank = least(w.top_users, $users::BIGINT)`,
          { ...days, users: summary.users, percents: [...query.topShares] },
        );

  return {
    users: summary.users,
    quantiles: query.quantiles.map((p, index) => ({
      p,
      revenue: summary.quantiles?.[index] ?? '0',
    })),
    topShares: query.topShares.map((percent) => {
      const found = shares.find((share) => share.percent === percent);
      return {
        percent,
        topRevenue: found?.topRevenue ?? '0',
        totalRevenue: found?.totalRevenue ?? '0',
      };
    }),
  };
}
