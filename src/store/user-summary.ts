import { MONEY_TYPE } from './migrations';
import type { Session } from './session';
import { STAGING_TABLE } from './staging-sql';
import { userHashSql } from './user-hash';

/**
 * `user_summary`: one row per user and app over all stored history (first and last day with a
 * row, exact totals), rebuilt inside every day's load transaction, and `user_advertising_id`:
 * each advertising id seen with a user in an app, once, appended to by each load. They answer
 * a user's first-seen day, last-seen day, advertising ids and all-history totals without
 * touching `user_day`, so those questions cost the same whatever the length of the history.
 * The masked row is not a user and has neither.
 *
 * Rows are ordered by `user_hash`, a stable 64-bit hash of the user id: a batch of users is
 * found by a join on that integer, which DuckDB answers from a compact, ordered column, where a
 * join on the text id hashes and compares every stored id.
 */
export const USER_SUMMARY_TABLE = 'user_summary';

/**
 * Rebuilds the summary after a day's rows changed, inside the caller's transaction, so readers
 * see the summary that matches the rows they see. A day loaded for the first time is merged, as
 * the session's staging table holds it (see staging-sql.ts), into the existing summary (minimum, maximum and sums are exact whatever the order of loads); a day
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
              conversions
         FROM ${USER_SUMMARY_TABLE}
       UNION ALL
       SELECT user_hash, user_key, app_id, $day::DATE, $day::DATE, revenue, impressions, clicks,
              conversions
         FROM ${STAGING_TABLE}
        WHERE NOT is_masked`;
  const next = `${USER_SUMMARY_TABLE}_next`;
  await session.run(
    change.replacedRows ? 'recompute_user_summary' : 'merge_day_into_user_summary',
    `CREATE TABLE ${next} AS ${summaryOf(source)}`,
    change.replacedRows ? undefined : { day: change.day },
  );
  await session.run('drop_previous_user_summary', `DROP TABLE ${USER_SUMMARY_TABLE}`);
  await session.run('rename_user_summary', `ALTER TABLE ${next} RENAME TO ${USER_SUMMARY_TABLE}`);
  await updateAdvertisingIds(session, change);
}

/**
 * Keeps `user_advertising_id` in step with the rows: a new day adds the sightings not stored
 * yet (a few per cent of a day's rows: new users, new apps, reset ids); a replaced day makes the
 * table be recomputed, since a removed row may have held a user's only sighting of an id.
 */
async function updateAdvertisingIds(
  session: Session,
  change: { day: string; replacedRows: boolean },
): Promise<void> {
  if (change.replacedRows) {
    await session.run('clear_user_advertising_ids', 'DELETE FROM user_advertising_id');
    await session.run(
      'recompute_user_advertising_ids',
      `INSERT INTO user_advertising_id
         SELECT DISTINCT ${userHashSql('user_id')} AS user_hash, user_id, app_id, advertising_id
           FROM user_day
          WHERE NOT is_masked AND advertising_id <> ''
          ORDER BY user_hash`,
    );
    return;
  }
  // EXCEPT compares whole rows with NULL equal to NULL, as an app id may be missing.
  await session.run(
    'add_user_advertising_ids',
    `INSERT INTO user_advertising_id
       SELECT * FROM (SELECT DISTINCT user_hash, user_key, app_id, advertising_id
                        FROM ${STAGING_TABLE}
                       WHERE NOT is_masked AND advertising_id <> ''
                      EXCEPT
                      SELECT user_hash, user_id, app_id, advertising_id FROM user_advertising_id)
        ORDER BY user_hash`,
  );
}

/** Every user row of `user_day`, shaped like the summary's own rows. */
const DAY_ROWS_OF_ALL_HISTORY = `
  SELECT ${userHashSql('user_id')} AS user_hash, user_id, app_id, report_day AS first_seen,
         report_day AS last_seen, revenue, impressions, clicks, conversions
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
                 CAST(sum(conversions) AS BIGINT) AS conversions
            FROM (${rows})
           GROUP BY user_hash, user_id, app_id
           ORDER BY user_hash`;
}
