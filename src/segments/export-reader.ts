import type { UserFilter } from '../graphql/common/user-filter.input';
import type { StatementRunner } from '../readers/statement-runner';
import { andAll, havingAll, userFilterSql } from '../readers/user-filter-sql';
import type { SegmentMember } from './export-format';

/** What the export needs from the store beyond `all`: rows in batches, as the caller pulls. */
export interface RowStreamer {
  stream<Row>(name: string, sql: string, params?: Record<string, unknown>): AsyncIterable<Row[]>;
}

/** A segment: exactly these stored UTC days, and the users the filter keeps over them. */
export interface SegmentQuery {
  readonly days: readonly string[];
  readonly filter: UserFilter | Readonly<Record<string, unknown>> | undefined;
}

/**
 * How many users the segment holds: the users (never the masked row) with rows on the given
 * days that the filter keeps. One statement.
 */
export async function countSegmentUsers(
  store: StatementRunner,
  query: SegmentQuery,
): Promise<number> {
  if (query.days.length === 0) return 0;
  const { sql, params } = perUserSql(query, 'user_id');
  const rows = await store.all<{ users: number }>(
    'segment_user_count',
    `SELECT count(*) AS users FROM (${sql}) AS segment`,
    params,
  );
  return rows[0]?.users ?? 0;
}

/**
 * Every user of the segment with totals over the rows read, highest revenue first, ties by user
 * id ascending, in batches as the caller pulls them; the store holds no more than a batch in JS.
 * The list and `countSegmentUsers` share one definition, so over unchanged days they agree.
 */
export async function* streamSegment(
  store: RowStreamer,
  query: SegmentQuery,
): AsyncGenerator<SegmentMember[], void, undefined> {
  if (query.days.length === 0) return;
  const { sql, params } = perUserSql(
    query,
    `user_id AS "userId",
     coalesce(list(DISTINCT advertising_id ORDER BY advertising_id)
                FILTER (WHERE advertising_id <> ''), []) AS "advertisingIds",
     sum(revenue) AS revenue,
     sum(impressions) AS impressions,
     sum(clicks) AS clicks,
     sum(conversions) AS conversions,
     count(DISTINCT report_day) AS "activeDays",
     min(report_day) AS "firstSeen",
     max(report_day) AS "lastSeen"`,
  );
  const ordered = `${sql} ORDER BY revenue DESC, "userId" ASC`;
  for await (const batch of store.stream<SegmentMember>('segment_export', ordered, params)) {
    yield batch.map((member) => ({ ...member, revenue: plainDecimal(member.revenue) }));
  }
}

/**
 * The per-user grouping of a segment with the given select list. Rows are pinned to the listed
 * days (the BETWEEN lets DuckDB skip row groups by zonemap before the list test).
 */
function perUserSql(
  query: SegmentQuery,
  selectList: string,
): { sql: string; params: Record<string, unknown> } {
  const filter = userFilterSql(query.filter as UserFilter | undefined);
  const days = [...query.days].sort();
  return {
    sql: `SELECT ${selectList}
            FROM user_day
           WHERE report_day BETWEEN $first::DATE AND $last::DATE
             AND report_day IN (SELECT unnest($days)::DATE)
             AND NOT is_masked
             ${andAll(filter.rows)}
           GROUP BY user_id
           ${havingAll(filter.users)}`,
    params: { ...filter.params, first: days[0], last: days[days.length - 1], days },
  };
}

/** Exact decimal text without trailing fractional zeros: '12.500000' -> '12.5', '3.000' -> '3'. */
export function plainDecimal(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
