/**
 * What a reader needs from the store: run one named, parameterised SQL statement and get its
 * rows back with values already converted (exact decimals as strings, days as 'YYYY-MM-DD',
 * counts as numbers). The name is a snake_case id for the question, used in logs and timings.
 * Parameters are bound by name (`$from`); arrays bind as SQL lists. No reader ever splices input
 * text into SQL.
 */
export interface StatementRunner {
  all<Row>(name: string, sql: string, params?: Record<string, unknown>): Promise<Row[]>;
}
