import { MONEY_TYPE } from './migrations';
import type { Session } from './session';

/**
 * `user_summary`: one row per user and app over all stored history (first and last day with a
 * row, exact totals, advertising ids), rebuilt inside every day's load transaction. It answers
 * a user's first-seen day, last-seen day, advertising ids and all-history totals without
 * touching `user_day`, so those questions cost the same whatever the length of the history.
 * The masked row is not a user and has no summary row.
 *
 * Rows are ordered by `user_hash`, a stable 64-bit hash of the user id: a batch of users is
 * found by a join on that integer, which DuckDB answers from a compact, ordered column, where a
 * join on the text id hashes and compares every stored id.
 */
export const USER_SUMMARY_TABLE = 'user_summary';

/**
 * SQL for the summary's hash of a user id expression: the upper 64 bits of its MD5. MD5 rather
 * than DuckDB's `hash()`, whose values may change between DuckDB versions while stored hashes
 * must keep matching.
 */
export function userHashSql(expression: string): string {
  return `CAST(md5_number(${expression}) >> 64 AS UBIGINT)`;
}

/**
 * Rebuilds the summary after a day's rows changed, inside the caller's transaction, so readers
 * see the summary that matches the rows they see. A day loaded for the first time is merged into
 * the existing summary (minimum, maximum and sums are exact whatever the order of loads); a day
 * that replaced stored rows makes the summary be recomputed from all history, since removed rows
 * cannot be taken out of a minimum. The new table replaces the old one by name, so a reader
 * still running keeps the version it started with.
 */
export async function rebuildUserSummary(
  session: Session,
  change: { day: string; replacedRows: boolean },
): Promise<void> {
  const source = change.replacedRows
    ? DAY_ROWS_OF_ALL_HISTORY
    : `SELECT user_hash, user_id, app_id, first_seen, last_seen, revenue, impressions, clicks,
              conversions, advertising_ids
         FROM ${USER_SUMMARY_TABLE}
       UNION ALL
       SELECT ${userHashSql('user_id')}, user_id, app_id, report_day, report_day, revenue,
              impressions, clicks, conversions, ${ADVERTISING_ID_LIST}
         FROM user_day
        WHERE report_day = $day::DATE AND NOT is_masked`;
  const next = `${USER_SUMMARY_TABLE}_next`;
  await session.run(
    change.replacedRows ? 'recompute_user_summary' : 'merge_day_into_user_summary',
    `CREATE TABLE ${next} AS ${summaryOf(source)}`,
    change.replacedRows ? undefined : { day: change.day },
  );
  await session.run('drop_previous_user_summary', `DROP TABLE ${USER_SUMMARY_TABLE}`);
  await session.run('rename_user_summary', `ALTER TABLE ${next} RENAME TO ${USER_SUMMARY_TABLE}`);
}

/** A row's advertising id as a list of its own, empty when the row has none. */
const ADVERTISING_ID_LIST = `CASE WHEN advertising_id <> '' THEN [advertising_id] ELSE [] END`;

/** Every user row of `user_day`, shaped like the summary's own rows. */
const DAY_ROWS_OF_ALL_HISTORY = `
  SELECT ${userHashSql('user_id')} AS user_hash, user_id, app_id, report_day AS first_seen,
         report_day AS last_seen, revenue, impressions, clicks, conversions,
         ${ADVERTISING_ID_LIST} AS advertising_ids
    FROM user_day
   WHERE NOT is_masked`;

/** Folds summary-shaped rows into one row per user and app, ordered by hash. */
function summaryOf(rows: string): string {
  return `SELECT user_hash, user_id, app_id,
                 min(first_seen) AS first_seen,
                 max(last_seen) AS last_seen,
                 CAST(sum(revenue) AS ${MONEY_TYPE}) AS revenue,
                 CAST(sum(impressions) AS BIGINT) AS impressions,
                 CAST(sum(clicks) AS BIGINT) AS clicks,
                 CAST(sum(conversions) AS BIGINT) AS conversions,
                 list_sort(list_distinct(flatten(list(advertising_ids)))) AS advertising_ids
            FROM (${rows})
           GROUP BY user_hash, user_id, app_id
           ORDER BY user_hash`;
}
