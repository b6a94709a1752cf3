/**
 * Where a day's load spends its time: `node .bench/dist/bench/profile-load.js [users] [days]
 * [memory limit]` loads `days` generated days of a population (default 2,500,000 users: about
 * 1,000,000 rows a day) through `Store.loadDay` into a fresh store, printing each statement
 * over 20 ms, the load against DuckDB alone reading the same file into a table of its own, and
 * the process's peak RSS (which includes generating the files). Not part of `npm run bench`:
 * it is the tool behind the load rows of BENCHMARKS.md.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { DuckDBInstance } from '@duckdb/node-api';

import { silentLogger } from '../src/logging/logger';
import { Store } from '../src/store';
import { writeDayFile } from './dataset';

const DIR = '.bench/profile-load';

async function engineMs(csvPath: string, databasePath: string): Promise<number> {
  const engine = await DuckDBInstance.create(databasePath);
  const connection = await engine.connect();
  const started = performance.now();
  await connection.run(`CREATE TABLE day AS SELECT * FROM read_csv('${csvPath}')`);
  const ms = performance.now() - started;
  connection.closeSync();
  engine.closeSync();
  return ms;
}

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 2_500_000);
  const dayCount = Number(process.argv[3] ?? 2);
  const limit = process.argv[4];
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const store = await Store.open({
    path: join(DIR, 'store.duckdb'),
    logger: silentLogger(),
    memory: limit ? { limit, spillDirectory: join(DIR, 'spill') } : undefined,
  });
  store.onStatement((event) => {
    if (event.durationMs > 20) console.log(`  ${event.name}: ${Math.round(event.durationMs)} ms`);
  });
  try {
    for (let index = 0; index < dayCount; index += 1) {
      const day = `2026-09-${String(10 + index).padStart(2, '0')}`;
      const csvPath = join(DIR, `${day}.csv`);
      await writeDayFile(csvPath, users, day);
      const engine = await engineMs(csvPath, join(DIR, `engine-${day}.duckdb`));
      const started = performance.now();
      const load = await store.loadDay({ day, csvPath, reportId: null });
      const ms = performance.now() - started;
      const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
      console.log(
        `${day}: ${load.rows} rows, load ${Math.round(ms)} ms, DuckDB alone ${Math.round(engine)} ms (${(ms / engine).toFixed(2)}x), peak RSS ${peakMiB} MiB`,
      );
    }
  } finally {
    await store.close();
  }
}

void main();
