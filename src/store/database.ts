import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

import { StoreOpenError } from './errors';

/** The name the store's database is attached under; every connection uses it by default. */
const DATABASE = 'ltv';

/**
 * Rows per row group. DuckDB skips a row group whose min/max statistics exclude a filter, so
 * this is the granularity of a per-user lookup: with rows of a day sorted by user, one user's
 * rows of a day sit in one group, and a smaller group means fewer rows read for them. DuckDB's
 * default (122,880) made one user's page read about 1.5 million rows over 12 days; 8,192
 * reads about 100,000, at no measured cost for whole-day scans (see BENCHMARKS.md).
 */
export const ROW_GROUP_SIZE = 8192;

/** How much memory DuckDB may hold, and where it spills what does not fit. */
export interface DatabaseMemory {
  /** DuckDB's `memory_limit`, e.g. '1GB'; undefined: DuckDB's default, 80 % of the RAM. */
  limit?: string;
  /** Where operators spill beyond the limit; undefined: DuckDB's default. */
  spillDirectory?: string;
}

/**
 * Opens a DuckDB instance holding the store's database: a file (created if missing) or
 * ':memory:'. The database is attached rather than opened directly because the row group size
 * is an option of ATTACH only. Throws `StoreOpenError` when DuckDB cannot open it.
 */
export async function openDatabase(
  path: string,
  memory: DatabaseMemory = {},
): Promise<DuckDBInstance> {
  const options: Record<string, string> = {};
  if (memory.limit !== undefined) options.memory_limit = memory.limit;
  if (memory.spillDirectory !== undefined) options.temp_directory = memory.spillDirectory;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(':memory:', options);
  } catch (error) {
    throw new StoreOpenError(path, error);
  }
  const connection = await instance.connect();
  try {
    await connection.run(
      `ATTACH '${path.replaceAll("'", "''")}' AS ${DATABASE} (ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`,
    );
    return instance;
  } catch (error) {
    instance.closeSync();
    throw new StoreOpenError(path, error);
  } finally {
    connection.closeSync();
  }
}

/** A new connection whose unqualified names refer to the store's database. */
export async function connectTo(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run(`USE ${DATABASE}`);
  return connection;
}
