import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { DuckDBInstance } from '@duckdb/node-api';

import type { Logger } from '../logging/logger';
import { dayEntry, loadedDays, type LoadedDay } from './catalogue';
import { CommitGate } from './commit-gate';
import { ConnectionPool } from './connection-pool';
import { loadDay, type DayLoad, type DayLoadRequest } from './day-loader';
import { connectTo, openDatabase, type DatabaseMemory } from './database';
import { StoreClosedError } from './errors';
import { migrate } from './migrate';
import type { Migration } from './migrations';
import { Session } from './session';
import { StatementObserver, type StatementListener } from './statement-observer';
import {
  deleteSyncJob,
  saveSyncJob,
  syncJob,
  syncJobs,
  type SyncJob,
  type SyncJobInput,
  type SyncJobState,
} from './sync-jobs';
import type { StoreParams, StoreValue } from './value-conversion';

/** The path DuckDB uses for a database that lives only in memory (tests). */
export const IN_MEMORY = ':memory:';

/** The store's file inside the gateway's data directory. */
export function storeFilePath(dataDir: string): string {
  return join(dataDir, 'ltv.duckdb');
}

export interface StoreOptions {
  /** A database file (created with its directory if missing), or ':memory:'. */
  path: string;
  logger: Logger;
  /** Connections lent to readers; more allows more concurrent queries. Default 4. */
  readConnections?: number;
  /** The schema history to apply; only tests of the migration runner pass another one. */
  migrations?: readonly Migration[];
  /**
   * How long one statement of `all()` may run, in milliseconds, before it is interrupted and
   * fails with `StatementTimeoutError`. 0 or unset: no limit. Loads, catalogue and job
   * statements and `stream()` are not subject to it.
   */
  statementTimeoutMs?: number;
  /**
   * DuckDB's memory limit (e.g. '2GB') and spill directory. Unset: DuckDB's defaults, 80 % of
   * the machine's RAM, spilling next to the database file.
   */
  memory?: DatabaseMemory;
}

/** The temporary table a stream's answer is written to; it goes with the stream's connection. */
const SNAPSHOT = 'stream_snapshot';

/**
 * The gateway's DuckDB store: user-day rows, the catalogue of loaded days and the sync jobs.
 *
 * Connections (DuckDB allows one writing process; inside it, connections run concurrently and
 * each sees committed data only):
 * - one load connection, lent to one `loadDay` at a time: loads queue behind each other;
 * - one job connection for sync job writes, so saving a job never waits for a long load;
 * - a pool of read connections (`readConnections`) for `all()` and the catalogue and job reads.
 * A load commits in one transaction, so reads running meanwhile, of that day or any other, see
 * the previous committed state and are not blocked by it; only the commit itself waits for the
 * running reads and holds new ones back (see commit-gate.ts).
 *
 * Open one Store per database file per process.
 */
export class Store {
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly streams = new Set<Session>();
  private readonly gate = new CommitGate();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly loads: ConnectionPool<Session>,
    private readonly jobs: ConnectionPool<Session>,
    private readonly reads: ConnectionPool<Session>,
    private readonly observer: StatementObserver,
    private readonly logger: Logger,
    private readonly statementTimeoutMs: number,
  ) {}

  /**
   * Opens (or creates) the database and migrates its schema to the newest version. Throws
   * `StoreOpenError` when DuckDB cannot open the file and `StoreSchemaTooNewError` when a newer
   * build has migrated it.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const logger = options.logger.child({ module: 'store' });
    if (options.path !== IN_MEMORY) await mkdir(dirname(options.path), { recursive: true });
    const instance = await openDatabase(options.path, options.memory);
    const observer = new StatementObserver(logger);
    const connect = async () => new Session(await connectTo(instance), observer);

    const sessions: Session[] = [];
    try {
      const load = await connect();
      sessions.push(load);
      const outcome = await migrate(load, options.migrations);
      const job = await connect();
      sessions.push(job);
      const readers: Session[] = [];
      for (let i = 0; i < (options.readConnections ?? 4); i++) readers.push(await connect());
      sessions.push(...readers);

      logger.info({ path: options.path, schemaVersion: outcome.to }, 'opened store');
      if (outcome.from !== outcome.to) {
        logger.info({ from: outcome.from, to: outcome.to }, 'migrated store schema');
      }
      return new Store(
        instance,
        new ConnectionPool([load]),
        new ConnectionPool([job]),
        new ConnectionPool(readers),
        observer,
        logger,
        options.statementTimeoutMs ?? 0,
      );
    } catch (error) {
      for (const session of sessions) session.close();
      instance.closeSync();
      throw error;
    }
  }

  /**
   * Runs one read-only, parameterised statement and returns its rows with values converted as
   * `StoreValue` describes (exact decimal strings, 'YYYY-MM-DD' days, safe numbers). `name` is the
   * statement's snake_case name used in logs, events and errors; `params` bind `$name` or `$1`
   * placeholders. A statement running longer than the store's `statementTimeoutMs` is
   * interrupted and throws `StatementTimeoutError` (the time spent waiting for a free read
   * connection does not count); any other failure throws `StoreQueryError`.
   */
  all<Row = Record<string, StoreValue>>(
    name: string,
    sql: string,
    params?: StoreParams,
  ): Promise<Row[]> {
    return this.track(name, () =>
      this.read((s) => s.all<Row>(name, sql, params, this.statementTimeoutMs)),
    );
  }

  /**
   * Runs one read-only, parameterised statement and yields its rows in batches (about 2,048 rows
   * each), converted like `all()`, fetching from DuckDB only as the caller pulls: for answers too
   * large to hold, such as a segment export. The answer is first written whole into a temporary
   * table of the stream's own connection, under the commit gate like any read (see
   * commit-gate.ts), so it is of one version of every day even when a day is replaced while the
   * caller is still reading; the rows are then read from that table, outside the gate, so a slow
   * consumer never holds loads back. DuckDB spills the table to disk beyond the memory limit.
   *
   * Each stream runs on a connection of its own, opened for it and closed when the iteration
   * ends, so a slow consumer never holds one of the read connections `all()` lends. Breaking off
   * the loop abandons the statement. `close()` interrupts running streams and waits until their
   * consumers stop iterating. Throws `StoreQueryError` (as the iteration's error) on failure.
   */
  async *stream<Row = Record<string, StoreValue>>(
    name: string,
    sql: string,
    params?: StoreParams,
  ): AsyncGenerator<Row[], void, undefined> {
    if (this.closed) throw new StoreClosedError(name);
    let ended!: () => void;
    const running = new Promise<void>((resolve) => (ended = resolve));
    this.inFlight.add(running);
    let session: Session | undefined;
    try {
      session = new Session(await connectTo(this.instance), this.observer);
      this.streams.add(session);
      const snapshotting = session;
      await this.gate.read(() =>
        snapshotting.run(`snapshot_${name}`, `CREATE TEMP TABLE ${SNAPSHOT} AS ${sql}`, params),
      );
      yield* session.stream<Row>(name, `SELECT * FROM ${SNAPSHOT}`);
    } finally {
      if (session) {
        this.streams.delete(session);
        session.close();
      }
      this.inFlight.delete(running);
      ended();
    }
  }

  /** Calls `listener` after every statement the store runs; returns the unsubscribe function. */
  onStatement(listener: StatementListener): () => void {
    return this.observer.subscribe(listener);
  }

  /** Loads one report day from a CSV file, replacing the day atomically; see `loadDay`. */
  loadDay(request: DayLoadRequest): Promise<DayLoad> {
    return this.track('load_day', () =>
      this.loads.use((session) => loadDay(session, this.logger, request, this.gate)),
    );
  }

  /** Catalogue entries of loaded days, oldest first, within an optional inclusive range. */
  loadedDays(range?: { from?: string; to?: string }): Promise<LoadedDay[]> {
    return this.track('loaded_days', () => this.read((s) => loadedDays(s, range)));
  }

  /** The catalogue entry of one day, or null if it was never loaded. */
  dayEntry(day: string): Promise<LoadedDay | null> {
    return this.track('loaded_day_entry', () => this.read((s) => dayEntry(s, day)));
  }

  /** Creates or replaces the sync job of a day; returns it as stored. */
  saveSyncJob(job: SyncJobInput): Promise<SyncJob> {
    return this.track('save_sync_job', () => this.jobs.use((s) => saveSyncJob(s, job)));
  }

  /** The sync job of a day, or null. */
  syncJob(day: string): Promise<SyncJob | null> {
    return this.track('sync_job_of_day', () => this.read((s) => syncJob(s, day)));
  }

  /** Saved sync jobs, oldest day first, optionally only in the given states. */
  syncJobs(filter?: { states?: readonly SyncJobState[] }): Promise<SyncJob[]> {
    return this.track('sync_jobs', () => this.read((s) => syncJobs(s, filter)));
  }

  /** Removes the sync job of a day; returns whether one existed. */
  deleteSyncJob(day: string): Promise<boolean> {
    return this.track('delete_sync_job', () => this.jobs.use((s) => deleteSyncJob(s, day)));
  }

  /**
   * Waits for running operations, then closes every connection and the database. Later calls
   * throw `StoreClosedError`; calling close twice is harmless.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams) stream.interrupt();
    await Promise.allSettled([...this.inFlight]);
    const sessions = [...this.loads.all(), ...this.jobs.all(), ...this.reads.all()];
    for (const session of sessions) session.close();
    this.instance.closeSync();
    this.logger.info('closed store');
  }

  /** Runs a read on a free read connection, never while a load commits (see commit-gate.ts). */
  private read<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.reads.use((session) => this.gate.read(() => work(session)));
  }

  private track<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError(operation));
    const running = work();
    this.inFlight.add(running);
    const forget = () => this.inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }
}
