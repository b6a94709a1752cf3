import { Dimension } from '../graphql/common/enums';
import type { MetricTotals } from '../graphql/common/metrics.type';
import type { UserFilter } from '../graphql/common/user-filter.input';
import type { AllowedApps } from '../readers/allowed-apps-sql';
import type { StatementRunner } from '../readers/statement-runner';
import { daySetSql } from '../readers/day-set-sql';
import { andAll, havingAll, userFilterSql, type FilterSql } from '../readers/user-filter-sql';

/**
 * Distinct users in a group that lies within one day: a user's only row of the day counts once
 * by itself, and only the users with several rows that day need a distinct count. Exact under
 * any filter, since a sole row has no other row of its day to be counted with. A group without
 * DATE spans days, where one user's rows of different days are still one user, so there every
 * row's user is counted distinctly.
 */
const DAILY_USERS =
  'count(*) FILTER (WHERE is_sole_row) + count(DISTINCT user_id) FILTER (WHERE NOT is_sole_row)';

/** Each dimension's fixed column and result name; enum values never become SQL text. */
const DIMENSION_COLUMNS: Record<Dimension, { column: string; alias: string }> = {
  [Dimension.DATE]: { column: 'report_day', alias: 'date' },
  [Dimension.APP]: { column: 'app_id', alias: 'appId' },
  [Dimension.DEVICE_OS]: { column: 'device_os', alias: 'deviceOs' },
  [Dimension.COUNTRY]: { column: 'country', alias: 'country' },
};

/** One group of a breakdown: its dimension values (absent when not grouped by) and totals. */
export interface BreakdownRow extends MetricTotals {
  readonly date?: string;
  readonly appId?: string;
  readonly deviceOs?: string;
  readonly country?: string;
  /** Distinct users in the group. */
  readonly users: number;
}

/** Totals of the whole selection, with the masked row's revenue apart. */
export interface BreakdownTotals extends MetricTotals {
  /** Exact USD of the masked rows: in `revenue`, in no row. */
  readonly unattributedRevenue: string;
  /** Exact USD of every other row: `revenue` less `unattributedRevenue`. */
  readonly attributedRevenue: string;
  /** Distinct (user, day) pairs: the sum of daily active users, for ARPDAU. */
  readonly activeUserDays: number;
}

/** The days to read and how to slice them. */
export interface BreakdownQuery {
  readonly days: readonly string[];
  readonly groupBy: readonly Dimension[];
  readonly filter: UserFilter | undefined;
  /** The caller's allow-list; undefined: every app. Under one, masked rows are left out. */
  readonly apps: AllowedApps;
}

/**
 * Per-group totals of attributed revenue (the masked row is in no group), ordered by the
 * grouped columns. Without `groupBy` there is one row for everything.
 */
export async function readBreakdownRows(
  store: StatementRunner,
  query: BreakdownQuery,
): Promise<BreakdownRow[]> {
  if (query.days.length === 0) return [];
  const filter = userFilterSql(query.filter, query.apps);
  const dimensions = [...new Set(query.groupBy)].map((dimension) => DIMENSION_COLUMNS[dimension]);
  const selected = dimensions.map(({ column, alias }) => `${column} AS "${alias}", `).join('');
  const grouped = dimensions.map(({ column }) => column).join(', ');
  const aliases = dimensions.map(({ alias }) =>
    alias.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
  );
  const name =
    aliases.length === 0 ? 'revenue_breakdown' : `revenue_breakdown_by_${aliases.join('_')}`;

  return store.all<BreakdownRow>(
    name,
    `SELECT ${selected}
            ${query.groupBy.includes(Dimension.DATE) ? DAILY_USERS : 'count(DISTINCT user_id)'} AS users,
            coalesce(sum(revenue), 0) AS revenue,
            coalesce(sum(impressions), 0) AS impressions,
            coalesce(sum(clicks), 0) AS clicks,
            coalesce(sum(conversions), 0) AS conversions
       FROM user_day
      WHERE ${selection(filter, query.days)} AND NOT is_masked
      ${grouped ? `GROUP BY ${grouped} ORDER BY ${grouped}` : ''}`,
    { ...filter.params, ...dayParams(query.days) },
  );
}

/** Totals over the whole selection, masked rows included and also shown apart. */
export async function readBreakdownTotals(
  store: StatementRunner,
  query: Omit<BreakdownQuery, 'groupBy'>,
): Promise<BreakdownTotals> {
  const none = {
    revenue: '0',
    impressions: 0,
    clicks: 0,
    conversions: 0,
    unattributedRevenue: '0',
    attributedRevenue: '0',
    activeUserDays: 0,
  };
  if (query.days.length === 0) return none;
  const filter = userFilterSql(query.filter, query.apps);
  // User thresholds select users; the masked row is not one, so it is left out with them.
  const masked = filter.users.length === 0 ? 'is_masked' : 'false';
  const rows = await store.all<BreakdownTotals>(
    'revenue_totals',
    `SELECT coalesce(sum(revenue), 0) AS revenue,
            coalesce(sum(impressions), 0) AS impressions,
            coalesce(sum(clicks), 0) AS clicks,
            coalesce(sum(conversions), 0) AS conversions,
            coalesce(sum(revenue) FILTER (WHERE is_masked), 0) AS "unattributedRevenue",
            coalesce(sum(revenue) FILTER (WHERE NOT is_masked), 0) AS "attributedRevenue",
            count(*) FILTER (WHERE is_sole_row AND NOT is_masked)
              + count(DISTINCT (user_id, report_day)) FILTER (WHERE NOT is_sole_row AND NOT is_masked)
              AS "activeUserDays"
       FROM user_day
      WHERE (${selection(filter, query.days)} AND NOT is_masked)
         OR (${daysCondition(query.days)} ${andAll(filter.rows)} AND ${masked})`,
    { ...filter.params, ...dayParams(query.days) },
  );
  return rows[0] ?? none;
}

/** The rows a breakdown reads: the given days, the row filters, and the user thresholds. */
function selection(filter: FilterSql, days: readonly string[]): string {
  const thresholds =
    filter.users.length === 0
      ? ''
      : `AND user_id IN (SELECT user_id FROM user_day
                          WHERE ${daysCondition(days)} AND NOT is_masked ${andAll(filter.rows)}
                          GROUP BY user_id ${havingAll(filter.users)})`;
  return `${daysCondition(days)} ${andAll(filter.rows)} ${thresholds}`;
}

/** Exactly the listed days (see `daySetSql`). */
function daysCondition(days: readonly string[]): string {
  return daySetSql(days).condition;
}

function dayParams(days: readonly string[]): Record<string, unknown> {
  return daySetSql(days).params;
}
