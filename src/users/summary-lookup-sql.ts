import { userHashSql } from '../store';

/**
 * CTEs that find the `user_summary` rows of the users bound as `$userIds`, limited by
 * `rowConditions` (the allow-list): `wanted_users(user_id, user_hash)`, `summary_hits` and
 * `summary_rows`. The rows are found by the integer `user_hash` first (the summary is ordered
 * by it, so the engine reads a compact column instead of hashing every stored id), then kept
 * only where the id itself matches, which rules out hash collisions. MATERIALIZED keeps the
 * engine from comparing the text ids before the integer join has narrowed the rows down.
 */
export function summaryLookupCtes(rowConditions: readonly string[]): string {
  const conditions = rowConditions.map((condition) => `AND ${condition}`).join(' ');
  return `wanted_users AS (
       SELECT user_id, ${userHashSql('user_id')} AS user_hash
         FROM (SELECT DISTINCT unnest($userIds) AS user_id)),
     summary_hits AS MATERIALIZED (
       SELECT * FROM user_summary
        WHERE user_hash IN (SELECT user_hash FROM wanted_users) ${conditions}),
     summary_rows AS (
       SELECT * FROM summary_hits WHERE user_id IN (SELECT user_id FROM wanted_users))`;
}
