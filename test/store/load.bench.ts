/**
 * Measures `Store.loadDay` on a generated 1,000,000-row day against DuckDB's own
 * `CREATE TABLE t AS SELECT * FROM read_csv(...)` on the same file, in memory and in a database
 * file. Not part of the test suite (no timing assertions); run it with
 *
 *   npx jest --testMatch '**\/test/store/load.bench.ts' --testTimeout 600000
 *
 * BENCH_ROWS and BENCH_ROUNDS change the size and the number of rounds.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

import { silentLogger } from '../../src/logging/logger';
import { IN_MEMORY, Store, storeFilePath } from '../../src/store';
import { SIMULATOR_HEADER } from './store-fixtures';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DAY = '2026-11-28';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Writes a day with realistic values: float-noise revenue, zero-padded ids, UUID ad ids. */
async function writeDay(path: string, rows: number): Promise<void> {
  let seed = 20261128;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const countries = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'KR'];
  const out = createWriteStream(path);
  out.write(`${SIMULATOR_HEADER}\n`);
  let batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    const app = i % 5;
    const ios = random() < 0.4;
    const user = String(Math.floor(random() * 1e9)).padStart(10, '0');
    const ad = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    const impressions = Math.floor(random() * 60);
    const userId = i === 0 ? 'aggregated masked user level revenue' : user;
    batch.push(
      `${DAY},${120000 + app},"Game ${app}, Inc",${userId},${ad},${ios ? 'ios' : 'android'},` +
        `${countries[i % countries.length]},${impressions * (0.0004 + random() * 0.002)},` +
        `${impressions},${Math.floor(random() * 3)},${random() < 0.02 ? 1 : 0}`,
    );
    if (batch.length === 20_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
  await once(out, 'finish');
}

/** Wall time and CPU time (all threads of the process, DuckDB's included) in milliseconds. */
async function time<T>(work: () => Promise<T>): Promise<[number, T, number]> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return [performance.now() - started, result, (used.user + used.system) / 1000];
}

const fmt = (ms: number) => `${Math.round(ms)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

describe('Store.loadDay benchmark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ltv-store-bench-'));
  const csvPath = join(dir, 'day.csv');

  beforeAll(() => writeDay(csvPath, ROWS));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['in memory', () => IN_MEMORY],
    ['in a database file', () => storeFilePath(mkdtempSync(join(dir, 'db-')))],
  ])('loads %s', async (label, path) => {
    const empty = () => ({
      engine: [] as number[],
      hashing: [] as number[],
      checksumGiven: [] as number[],
    });
    const timings = empty();
    const cpu = empty();
    const steps = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = await Store.open({ path: path(), logger: silentLogger() });
      const [engineMs, , engineCpu] = await time(() =>
        baseline.all('bench_engine_baseline', 'CREATE TABLE t AS SELECT * FROM read_csv($path)', {
          path: csvPath,
        }),
      );
      await baseline.close();
      timings.engine.push(engineMs);
      cpu.engine.push(engineCpu);

      for (const checksum of [undefined, 'precomputed']) {
        const store = await Store.open({ path: path(), logger: silentLogger() });
        if (checksum === undefined) {
          store.onStatement((event) => {
            steps.set(event.name, [...(steps.get(event.name) ?? []), event.durationMs]);
          });
        }
        const [loadMs, result, loadCpu] = await time(() =>
          store.loadDay({ day: DAY, csvPath, reportId: 'bench', checksum }),
        );
        await store.close();
        const key = checksum === undefined ? 'hashing' : 'checksumGiven';
        timings[key].push(loadMs);
        cpu[key].push(loadCpu);
        expect(result.rows).toBe(ROWS);
      }
    }

    const bytes = statSync(csvPath).size;
    // Each round runs the engine and both loads back to back, so a per-round ratio compares runs
    // made under the same machine load; the median of those ratios is the figure to quote.
    const pairedRatio = (key: keyof typeof timings, of: typeof timings) =>
      median(of[key].map((value, round) => value / of.engine[round])).toFixed(2);
    const row = (name: string, key: keyof typeof timings) =>
      `  ${name.padEnd(30)} wall median ${fmt(median(timings[key]))}` +
      ` (min ${fmt(Math.min(...timings[key]))}), ${pairedRatio(key, timings)}x engine, ` +
      `${Math.round(ROWS / (median(timings[key]) / 1000)).toLocaleString('en')} rows/s; ` +
      `cpu median ${fmt(median(cpu[key]))}, ${pairedRatio(key, cpu)}x engine`;
    const lines = [
      `${label}: ${ROWS.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB, ${ROUNDS} rounds`,
      row('engine CTAS read_csv', 'engine'),
      row('loadDay (store hashes file)', 'hashing'),
      row('loadDay (checksum given)', 'checksumGiven'),
      '  steps of loadDay (store hashes file), median:',
      ...[...steps].map(([name, ms]) => `    ${name.padEnd(24)} ${fmt(median(ms))}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
});
