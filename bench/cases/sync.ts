import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { request as httpRequest } from 'undici';

import { DEFAULT_AVAILABILITY_RULE, pullableRange } from '../../src/availability/window';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/simulator';
import { runChild, startChild } from '../child';
import { SEED, writeDayFile } from '../dataset';
import { formatMs, formatTiming, summarise } from '../measure';
import { atMost, type CaseResult } from '../result';
import type { SyncChildRequest, SyncChildResult } from '../sync-child';

/** Share of the simulator's population with a row on a given day (src/simulator/README.md). */
const ACTIVE_SHARE = 0.4022;

/** One day synced several times, and once at a larger size for memory. */
export interface SyncBench {
  readonly workDir: string;
  readonly rows: number;
  readonly bigRows: number;
  readonly runs: number;
  readonly progress: (line: string) => void;
}

/**
 * The sync case (issue 7): `ReportSync.pull` of one day from the simulator, run in a fresh
 * process and store each time, against DuckDB alone reading the same file into a table in a
 * fresh process and database file, alternately. Then the memory case: peak RSS of a sync of
 * `bigRows` rows against the sync of `rows`.
 */
export async function runSyncCases(bench: SyncBench): Promise<CaseResult[]> {
  const day = pullableRange(new Date(), DEFAULT_AVAILABILITY_RULE).newest;
  const small = await syncRuns(bench, day, bench.rows, bench.runs);
  const results: CaseResult[] = [];

  const ratio = small.sync.median / small.engine.median;
  const rowsPerSecond = small.rows / (small.sync.median / 1000);
  const download = summarise(small.results.map((result) => result.downloadMs));
  const load = small.sync.median - download.median;
  results.push({
    name: `sync one day (${small.rows.toLocaleString('en-US')} rows)`,
    product: formatTiming(small.sync),
    engine: formatTiming(small.engine),
    ratio,
    target: `${atMost(1.5).target}; ≥ 500k rows/s`,
    met: atMost(1.5).met(ratio) && rowsPerSecond >= 500_000,
    note:
      `${Math.round(rowsPerSecond / 1000)}k rows/s; download (the simulator's finished file) ` +
      `${formatMs(download.median)}, load ${formatMs(load)} = ` +
      `${(load / small.engine.median).toFixed(2)}× the engine`,
  });

  if (bench.bigRows > 0) {
    const big = await syncRuns(bench, day, bench.bigRows, 1);
    const peak = (runs: SyncChildResult[]) => Math.max(...runs.map((run) => run.peakRssBytes));
    const http = (runs: SyncChildResult[]) => Math.max(...runs.map((run) => run.httpPeakRssBytes));
    const fileGrowth = big.bytes / small.bytes;
    const peakGrowth = peak(big.results) / peak(small.results);
    const httpGrowth = http(big.results) / http(small.results);
    const met = httpGrowth <= 1.25 && peakGrowth <= fileGrowth / 2;
    results.push({
      name: `memory while syncing (${small.rows / 1e6}M vs ${big.rows / 1e6}M rows)`,
      product:
        `peak RSS ${mib(peak(small.results))} → ${mib(peak(big.results))}; ` +
        `HTTP side ${mib(http(small.results))} → ${mib(http(big.results))}`,
      engine: `file ${mib(small.bytes)} → ${mib(big.bytes)}`,
      ratio: peakGrowth,
      target: 'HTTP side ≤ 1.25×; peak growth ≤ half the file growth',
      met,
      note: `file grew ${fileGrowth.toFixed(2)}×, peak RSS ${peakGrowth.toFixed(2)}×, HTTP side ${httpGrowth.toFixed(2)}×`,
    });
  }
  return results;
}

async function syncRuns(bench: SyncBench, day: string, rows: number, runs: number) {
  const users = Math.min(16_777_216, Math.round(rows / ACTIVE_SHARE));
  const csvPath = join(bench.workDir, `sync-${users}.csv`);
  await writeDayFile(csvPath, users, day);
  const bytes = (await stat(csvPath)).size;
  const cacheDir = join(bench.workDir, `simulator-files-${users}`);
  const simulator = await startChild('simulator-child.js', [String(users), String(SEED), cacheDir]);
  const syncs: SyncChildResult[] = [];
  const engines: SyncChildResult[] = [];
  try {
    const warming = await warmSimulatorFile(simulator.firstLine, day);
    if (warming.bytes !== bytes) {
      throw new Error(
        `The simulator served ${warming.bytes} bytes for ${day}, the engine's file holds ${bytes}.`,
      );
    }
    bench.progress(
      `simulator rendered the day's file (${warming.bytes} bytes) in ${warming.ms} ms`,
    );
    for (let run = 0; run < runs; run++) {
      const storePath = join(bench.workDir, `sync-${run}.duckdb`);
      engines.push(await child({ mode: 'engine', storePath, workDir: bench.workDir, csvPath }));
      await removeDatabase(storePath);
      syncs.push(
        await child({
          mode: 'sync',
          storePath,
          workDir: bench.workDir,
          simulatorUrl: simulator.firstLine,
          day,
        }),
      );
      await removeDatabase(storePath);
      bench.progress(
        `sync of ${syncs[run].rows} rows: ${Math.round(syncs[run].ms)} ms ` +
          `(engine ${Math.round(engines[run].ms)} ms)`,
      );
    }
  } finally {
    await simulator.stop();
    await rm(csvPath, { force: true });
    await rm(cacheDir, { recursive: true, force: true });
  }
  return {
    rows: syncs[0].rows,
    bytes,
    results: syncs,
    sync: summarise(syncs.map((run) => run.ms)),
    engine: summarise(engines.map((run) => run.ms)),
  };
}

/**
 * Pulls `day` once through the vendor's workflow (token, report request, download, body
 * discarded), untimed: the simulator renders the file into its cache, so the timed runs
 * download a finished file, as they would from the vendor. Returns the body's length in bytes
 * and the milliseconds the pull took.
 */
async function warmSimulatorFile(
  baseUrl: string,
  day: string,
): Promise<{ bytes: number; ms: number }> {
  const started = performance.now();
  const token = (await postJson(`${baseUrl}/auth/v1/token`, {
    grant_type: 'client_credentials',
    client_id: DEFAULT_CLIENT_ID,
    client_secret: DEFAULT_CLIENT_SECRET,
  })) as { accessToken: string };
  const report = (await postJson(
    `${baseUrl}/api/v1/report?format=csv`,
    { dateRange: { start: day, end: day } },
    token.accessToken,
  )) as { url: string };
  const file = await httpRequest(report.url);
  let bytes = 0;
  for await (const chunk of file.body) bytes += (chunk as Buffer).length;
  if (file.statusCode !== 200) {
    throw new Error(`Warming the simulator's file of ${day} answered ${file.statusCode}.`);
  }
  return { bytes, ms: Math.round(performance.now() - started) };
}

async function postJson(url: string, body: unknown, bearer?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  const answer = await httpRequest(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await answer.body.text();
  if (answer.statusCode !== 200) {
    throw new Error(`POST ${new URL(url).pathname} answered ${answer.statusCode}: ${text}`);
  }
  return JSON.parse(text);
}

function child(request: SyncChildRequest): Promise<SyncChildResult> {
  return runChild<SyncChildResult>('sync-child.js', [JSON.stringify(request)]);
}

async function removeDatabase(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
