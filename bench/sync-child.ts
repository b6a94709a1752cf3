/**
 * One measurement of the sync case in a process of its own, so that its peak RSS is its own:
 * `node sync-child.js <json>` prints one JSON line with the result.
 *
 * Mode `sync`: opens the gateway on a fresh store and pulls one day from the simulator through
 * the report sync (token, report request, poll, download, load): the code path of
 * `ltv-gateway sync`. Mode `engine`: DuckDB alone reads the same file into a table of a fresh
 * database file. RSS is sampled every 10 ms; for `sync`, samples taken before the load's first
 * statement started count as the HTTP side.
 */
import 'reflect-metadata';

import { performance } from 'node:perf_hooks';

import { DuckDBInstance } from '@duckdb/node-api';

import { openGateway } from '../src/app/gateway';
import { loadConfig } from '../src/config/config';
import { silentLogger } from '../src/logging/logger';

/** What the parent asks for. */
export interface SyncChildRequest {
  readonly mode: 'sync' | 'engine';
  readonly storePath: string;
  readonly workDir: string;
  /** sync: the simulator's base URL and the day to pull. */
  readonly simulatorUrl?: string;
  readonly day?: string;
  /** engine: the file to read. */
  readonly csvPath?: string;
}

/** What the child prints. */
export interface SyncChildResult {
  readonly ms: number;
  readonly rows: number;
  readonly bytes: number;
  /** sync: from the start of the pull to the start of the load's first statement. */
  readonly downloadMs: number;
  readonly peakRssBytes: number;
  /** sync: the highest RSS sampled before the load began. */
  readonly httpPeakRssBytes: number;
  /** RSS just before the measured work started. */
  readonly startRssBytes: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as SyncChildRequest;
  const result = request.mode === 'sync' ? await sync(request) : await engine(request);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function sync(request: SyncChildRequest): Promise<SyncChildResult> {
  const config = loadConfig(
    { LTV_DATA_DIR: request.workDir, LOG_LEVEL: 'silent', LTV_AUTH: 'off' },
    { serving: false },
  );
  const gateway = await openGateway(config, silentLogger(), {
    storePath: request.storePath,
    downloadDir: `${request.workDir}/downloads`,
    upstream: {
      baseUrl: request.simulatorUrl as string,
      clientId: 'simulator-client',
      clientSecret: 'simulator-secret',
      poll: { baseDelayMs: 20, maxDelayMs: 100 },
    },
    skipResume: true,
  });
  let loadStartedAt = Infinity;
  gateway.store.onStatement((event) => {
    if (event.name === 'stage_report_file') {
      loadStartedAt = Math.min(loadStartedAt, performance.now() - event.durationMs);
    }
  });
  const memory = watchRss();
  const started = performance.now();
  try {
    const outcome = await gateway.sync.pull(request.day as string, { refresh: true });
    const ms = performance.now() - started;
    if (outcome.state !== 'loaded' || !outcome.load) {
      throw new Error(`Syncing ${request.day} ended ${outcome.state}: ${describe(outcome)}`);
    }
    const samples = memory.stop();
    return {
      ms,
      rows: outcome.load.rows,
      bytes: outcome.load.bytes,
      downloadMs: loadStartedAt - started,
      peakRssBytes: Math.max(
        ...samples.map((sample) => sample.rss),
        process.resourceUsage().maxRSS * 1024,
      ),
      httpPeakRssBytes: Math.max(
        memory.start,
        ...samples.filter((sample) => sample.at < loadStartedAt).map((sample) => sample.rss),
      ),
      startRssBytes: memory.start,
    };
  } finally {
    await gateway.close();
  }
}

async function engine(request: SyncChildRequest): Promise<SyncChildResult> {
  const instance = await DuckDBInstance.create(request.storePath);
  const connection = await instance.connect();
  const memory = watchRss();
  const started = performance.now();
  const reader = await connection.runAndReadAll(
    `CREATE TABLE day_rows AS SELECT * FROM read_csv('${String(request.csvPath).replaceAll("'", "''")}')`,
  );
  const ms = performance.now() - started;
  const samples = memory.stop();
  connection.closeSync();
  instance.closeSync();
  return {
    ms,
    rows: Number(reader.rowsChanged),
    bytes: 0,
    downloadMs: 0,
    peakRssBytes: Math.max(...samples.map((sample) => sample.rss)),
    httpPeakRssBytes: 0,
    startRssBytes: memory.start,
  };
}

function watchRss(): { start: number; stop(): { at: number; rss: number }[] } {
  const samples: { at: number; rss: number }[] = [];
  const sample = () => samples.push({ at: performance.now(), rss: process.memoryUsage.rss() });
  const start = process.memoryUsage.rss();
  const timer = setInterval(sample, 10);
  return {
    start,
    stop() {
      clearInterval(timer);
      sample();
      return samples;
    },
  };
}

function describe(outcome: { state: string; error?: Error }): string {
  return outcome.error?.message ?? 'no load';
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
