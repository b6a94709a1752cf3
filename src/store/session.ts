import type { DuckDBConnection } from '@duckdb/node-api';

import { StatementTimeoutError, StoreQueryError } from './errors';
import type { StatementObserver } from './statement-observer';
import {
  storeValueConverter,
  toDuckDBParams,
  type StoreParams,
  type StoreValue,
} from './value-conversion';

const STATEMENT_NAME = /^[a-z][a-z0-9_]*$/;

/** How often a timed-out statement is interrupted again until it ends, in milliseconds. */
const INTERRUPT_REPEAT_MS = 5;

/**
 * One DuckDB connection plus the rules every statement follows: a snake_case name, parameters
 * converted on the way in, values converted on the way out, timing reported to the observer, and
 * driver errors wrapped in `StoreQueryError`. A session runs one statement at a time; the
 * connection pool guarantees that by lending it to one caller at once.
 */
export class Session {
  private interrupted = false;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly observer: StatementObserver,
  ) {}

  /**
   * Runs a query and returns its rows as plain objects of `StoreValue`s. With `timeoutMs` above
   * 0, a statement still running after that many milliseconds is interrupted and the call throws
   * `StatementTimeoutError`; the connection stays usable for the next statement.
   */
  async all<Row = Record<string, StoreValue>>(
    name: string,
    sql: string,
    params?: StoreParams,
    timeoutMs = 0,
  ): Promise<Row[]> {
    return this.execute(name, async () => {
      const reader = await this.within(name, timeoutMs, () => this.runAndRead(sql, params));
      const rows = reader.convertRowObjects(storeValueConverter);
      return { result: rows as Row[], rows: rows.length };
    });
  }

  /** Runs a statement for its effect and returns the number of rows it changed. */
  async run(name: string, sql: string, params?: StoreParams): Promise<number> {
    return this.execute(name, async () => {
      const reader = await this.runAndRead(sql, params);
      return { result: reader.rowsChanged, rows: reader.rowsChanged };
    });
  }

  /**
   * Runs a query and yields its rows in batches (one DuckDB chunk, about 2,048 rows, each),
   * converted like `all()`. Chunks are fetched only as the caller pulls, so a result of millions
   * of rows is never held whole in JS. The session is busy until the iteration ends (finished,
   * broken off or failed); the observer hears of the statement once, at that end, with the rows
   * yielded and the whole duration. A loop broken off early is not a failure.
   */
  async *stream<Row = Record<string, StoreValue>>(
    name: string,
    sql: string,
    params?: StoreParams,
  ): AsyncGenerator<Row[], void, undefined> {
    checkStatementName(name);
    const started = performance.now();
    let rows = 0;
    let failed = false;
    try {
      const result = await this.startStream(sql, params);
      for await (const batch of result.yieldConvertedRowObjects(storeValueConverter)) {
        rows += batch.length;
        yield batch as Row[];
      }
      // An interrupted streaming result just ends early; it must not pass for a complete one.
      if (this.interrupted) throw new Error('the statement was interrupted before its last row');
    } catch (error) {
      failed = true;
      throw new StoreQueryError(name, error);
    } finally {
      this.observer.record({ name, durationMs: performance.now() - started, rows, failed });
    }
  }

  /** Asks DuckDB to abandon the statement running on this connection, if any. */
  interrupt(): void {
    this.interrupted = true;
    this.connection.interrupt();
  }

  /** Closes the underlying connection; the session is unusable afterwards. */
  close(): void {
    this.connection.closeSync();
  }

  /**
   * Runs `work`, interrupting the connection if it is still busy after `timeoutMs`, and again
   * every few milliseconds until it ends: DuckDB clears a pending interrupt when a statement
   * moves from preparation to execution, so a single interrupt landing during preparation
   * would be lost. DuckDB checks for interrupts between chunks of work, so the statement ends
   * soon after, with an error reported as the timeout. An interrupt arriving just after the
   * statement finished is harmless: DuckDB clears it when the next statement starts.
   */
  private async within<T>(name: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
    if (!(timeoutMs > 0)) return work();
    let timedOut = false;
    let repeat: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      this.connection.interrupt();
      repeat = setInterval(() => this.connection.interrupt(), INTERRUPT_REPEAT_MS);
    }, timeoutMs);
    try {
      return await work();
    } catch (error) {
      throw timedOut ? new StatementTimeoutError(name, timeoutMs, error) : error;
    } finally {
      clearTimeout(timer);
      clearInterval(repeat);
    }
  }

  private async runAndRead(sql: string, params: StoreParams | undefined) {
    if (params === undefined) return this.connection.runAndReadAll(sql);
    const { values, types } = toDuckDBParams(params);
    return this.connection.runAndReadAll(sql, values, types);
  }

  private async startStream(sql: string, params: StoreParams | undefined) {
    if (params === undefined) return this.connection.stream(sql);
    const { values, types } = toDuckDBParams(params);
    return this.connection.stream(sql, values, types);
  }

  private async execute<T>(
    name: string,
    body: () => Promise<{ result: T; rows: number }>,
  ): Promise<T> {
    if (!STATEMENT_NAME.test(name)) {
      throw new TypeError(`Statement name ${JSON.stringify(name)} is not snake_case.`);
    }
    const started = performance.now();
    try {
      const { result, rows } = await body();
      this.observer.record({ name, durationMs: performance.now() - started, rows, failed: false });
      return result;
    } catch (error) {
      this.observer.record({
        name,
        durationMs: performance.now() - started,
        rows: 0,
        failed: true,
      });
      if (error instanceof StatementTimeoutError) throw error;
      throw new StoreQueryError(name, error);
    }
  }
}

function checkStatementName(name: string): void {
  if (!STATEMENT_NAME.test(name)) {
    throw new TypeError(`Statement name ${JSON.stringify(name)} is not snake_case.`);
  }
}
