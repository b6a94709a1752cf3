/**
 * SQL for the summary's hash of a user id expression: the upper 64 bits of its MD5. MD5 rather
 * than DuckDB's `hash()`, whose values may change between DuckDB versions while stored hashes
 * must keep matching.
 */
export function userHashSql(expression: string): string {
  return `CAST(md5_number(${expression}) >> 64 AS UBIGINT)`;
}
