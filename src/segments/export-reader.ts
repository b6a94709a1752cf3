import type { UserFilter } from '../graphql/common/user-filter.input';
import type { AllowedApps } from '../readers/allowed-apps-sql';
import type { StatementRunner } from '../readers/statement-runner';
import { andAll, havingAll, userFilterSql } from '../readers/user-filter-sql';
import { EXPORT_ENCODINGS, type ExportFormat } from './export-format';

/** What the export needs from the store beyond `all`: rows in batches, as the caller pulls. */
export interface RowStreamer {
  stream<Row>(name: string, sql: string, params?: Record<string, unknown>): AsyncIterable<Row[]>;
}

/**
 * A segment: exactly these stored UTC days, and the users the filter keeps over them, counting
 * only the rows of `apps` (the allow-list of whoever asked for the export; undefined: every app).
 */
export interface SegmentQuery {
  readonly days: readonly string[];
  readonly filter: UserFilter | Readonly<Record<string, unknown>> | undefined;
  readonly apps?: AllowedApps;
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
  const { sql, params } = perUserSql(query);
  const rows = await store.all<{ users: number }>(
    'segment_user_count',
    `SELECT count(*) AS users FROM (${sql}) AS segment`,
    params,
  );
  return rows[0]?.users ?? 0;
}

/**
 * The lines of the segment's file in `format` (without preamble or line ends), one per user,
 * highest revenue first, ties by user id ascending, in batches as the caller pulls them: no more
 * than a batch is ever held in JS. The list and `countSegmentUsers` share one definition, so
 * over unchanged days they agree.
 */
export async function* streamSegmentLines(
  store: RowStreamer,
  query: SegmentQuery,
  format: ExportFormat,
): AsyncGenerator<string[], void, undefined> {
  if (query.days.length === 0) return;
  const { sql, params } = perUserSql(query);
  const lines = store.stream<{ line: string }>(
    `segment_export_${format.toLowerCase()}`,
    `SELECT ${EXPORT_ENCODINGS[format].lineSql} AS line
       FROM (${sql}) AS segment
      ORDER BY revenue DESC, user_id ASC`,
    params,
  );
  for await (const batch of lines) yield batch.map((row) => row.line);
}

/**
 * One row per user of the segment with the columns every export line is made from. Rows are
 * pinned to the listed days (the BETWEEN lets DuckDB skip row groups by zonemap first).
 * Advertising ids, first and last day come from the rows read: the range, after the filter.
 * The ids are deduplicated and sorted after collecting (list_distinct, list_sort): on a million
 * users that took 30 % less time than an ordered DISTINCT aggregate.
 */
function perUserSql(query: SegmentQuery): { sql: string; params: Record<string, unknown> } {
  const filter = userFilterSql(query.filter as UserFilter | undefined, query.apps);
  const days = [...query.days].sort();
  return {
    sql: `SELECT user_id,
                 coalesce(list_sort(list_distinct(
                   list(advertising_id) FILTER (WHERE advertising_id <> ''))), []) AS advertising_ids,
                 sum(revenue) AS revenue,
                 sum(impressions) AS impressions,
                 sum(clicks) AS clicks,
                 sum(conversions) AS conversions,
                 count(DISTINCT report_day) AS active_days,
                 min(report_day) AS first_seen,
                 max(report_day) AS last_seen
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
