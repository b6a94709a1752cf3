import { userHashSql } from '../store';

/**
 * Batches of at most this many ids are bound as one parameter per id. The engine then filters
 * the scans by constants, which it checks against each row group's min/max and against the
 * compressed column; a list bound whole becomes a join whose filter arrives only at run time.
 * Measured on 12 days of ~400 k users a day, for one id: a user's days 7.2 → 5.8 ms, its
 * summary row 4.9 → 2.6 ms; from about 30 ids on the list is as fast or faster (1,000 ids:
 * 42 against 96 ms for the summary rows).
 */
const SPELLED_OUT_MAX = 8;

/** SQL that finds the rows of one batch of user ids, and the parameters it binds. */
export interface UserBatchSql {
  /**
   * CTEs to follow WITH, ending with `summary_rows`: the `user_summary` rows of the batch that
   * meet the row conditions given (the allow-list). The summary is found by the integer hash
   * first (it is ordered by it), then only where the id itself matches, which rules out
   * hash collisions.
   */
  readonly summaryCtes: string;
  /** The condition "`column` holds one of the batch's ids". */
  idIn(column: string): string;
  /**
   * The condition "`column` holds the hash of one of the batch's ids" (see `userHashSql`);
   * only in a statement that also has `summaryCtes`.
   */
  hashIn(column: string): string;
  readonly params: Record<string, unknown>;
}

/**
 * The SQL of a batch of user ids (duplicates are ignored), with `rowConditions` (the allow-list)
 * applied to its summary rows. The ids are only ever bound as parameters.
 */
export function userBatchSql(
  userIds: readonly string[],
  rowConditions: readonly string[],
): UserBatchSql {
  const conditions = rowConditions.map((condition) => `AND ${condition}`).join(' ');
  const ids = [...new Set(userIds)];
  if (ids.length > 0 && ids.length <= SPELLED_OUT_MAX) {
    const names = ids.map((_id, index) => `$userId${index}`);
    const idIn = (column: string) => `${column} IN (${names.join(', ')})`;
    const hashIn = (column: string) => `${column} IN (${names.map(userHashSql).join(', ')})`;
    return {
      summaryCtes: `summary_rows AS (
         SELECT * FROM user_summary
          WHERE ${hashIn('user_hash')} AND ${idIn('user_id')} ${conditions})`,
      idIn,
      hashIn,
      params: Object.fromEntries(ids.map((id, index) => [`userId${index}`, id])),
    };
  }
  // MATERIALIZED keeps the engine from comparing the text ids before the integer join has
  // narrowed the rows down.
  return {
    summaryCtes: `wanted_users AS (
         SELECT user_id, ${userHashSql('user_id')} AS user_hash
           FROM (SELECT DISTINCT unnest($userIds) AS user_id)),
       summary_hits AS MATERIALIZED (
         SELECT * FROM user_summary
          WHERE user_hash IN (SELECT user_hash FROM wanted_users) ${conditions}),
       summary_rows AS (
         SELECT * FROM summary_hits WHERE user_id IN (SELECT user_id FROM wanted_users))`,
    idIn: (column) => `${column} IN (SELECT unnest($userIds))`,
    hashIn: (column) => `${column} IN (SELECT user_hash FROM wanted_users)`,
    params: { userIds: ids },
  };
}
