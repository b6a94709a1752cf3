/**
 * `npm run bench`: measures ltv-gateway through HTTP against DuckDB alone in the same run, writes
 * the table to BENCHMARKS.md and exits 1 when a target misses. See `--help` and BENCHMARKS.md.
 */
import 'reflect-metadata';

import { copyFile, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

import { daysEndingWith, loadDays } from './dataset';
import { growthResult, measureTopUsers, type GrowthPoint } from './cases/growth';
import { compareTopUsers, runHistoryGrowth, runPerUserCases, runQueryCases } from './cases/queries';
import { runSyncCases } from './cases/sync';
import { runThroughputCase } from './cases/throughput';
import { runLoadWhileQuerying } from './cases/live-load';
import { formatMs, formatTiming, summarise, type Timing } from './measure';
import { readBenchOptions, type BenchOptions } from './options';
import { writeReport } from './report';
import type { CaseResult } from './result';
import { startBenchService } from './service';

/** The stored days end this long before today, so they are gone upstream and never pulled. */
const DAYS_BEFORE_TODAY = 60;

async function main(): Promise<number> {
  const options = readBenchOptions(process.argv.slice(2));
  if (!options) return 0;
  const startedAt = new Date();
  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  const workDir = resolve(options.workDir);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const want = (name: string) => options.only.length === 0 || options.only.includes(name);
  const progress = (line: string) => console.error(`[bench] ${line}`);

  const results: CaseResult[] = [];
  const data: string[] = [];
  let duckdbVersion = 'unknown';
  try {
    if (want('sync') || want('memory')) {
      progress('sync cases');
      results.push(
        ...(await runSyncCases({
          workDir,
          rows: options.syncRows,
          bigRows: want('memory') ? options.bigSyncRows : 0,
          runs: Math.min(options.runs, 5),
          progress,
        })),
      );
    }
    const queryCases = ['topUsers', 'user', 'entities', 'revenue', 'cohorts', 'throughput'];
    if (queryCases.some(want) || want('growth') || want('userGrowth')) {
      duckdbVersion = await queryPart(options, workDir, want, progress, results, data);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const loadAtEnd = os.loadavg()[0];
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  writeReport(
    options.out,
    {
      startedAt,
      durationMs: performance.now() - started,
      duckdbVersion,
      loadAtStart,
      loadAtEnd,
      data,
      command,
    },
    results,
  );
  for (const result of results) {
    progress(
      `${result.met ? 'met   ' : 'MISSED'} ${result.name}: ${result.product} vs ${result.engine}`,
    );
  }
  const missed = results.filter((result) => !result.met);
  if (missed.length > 0) {
    console.error(
      `Missed ${missed.length} target(s): ${missed.map((result) => result.name).join('; ')}. See ${options.out}.`,
    );
    return 1;
  }
  console.error(`Every target met. See ${options.out}.`);
  return 0;
}

/** The cases over a stored history: queries, throughput, growth in rows and in days. */
async function queryPart(
  options: BenchOptions,
  workDir: string,
  want: (name: string) => boolean,
  progress: (line: string) => void,
  results: CaseResult[],
  data: string[],
): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const last = daysEndingWith(today, DAYS_BEFORE_TODAY)[0];
  const days = daysEndingWith(last, options.days);
  const storePath = join(workDir, 'query.duckdb');

  progress(`loading ${options.days} days of a population of ${options.users}`);
  const loaded = await loadDays(storePath, workDir, options.users, days, progress);
  data.push(
    `Query data: simulator population ${options.users.toLocaleString('en-US')} ` +
      `(~${Math.round(loaded.rows / days.length / 1000)}k users a day), ${days.length} days ` +
      `${days[0]}..${last}, ${loaded.rows.toLocaleString('en-US')} rows; ` +
      `Store.loadDay per day: median ${formatTiming(summarise(loaded.loadMs))}.`,
  );

  let version = 'unknown';
  const bench = await startBenchService(storePath, join(workDir, 'service'));
  try {
    const [row] = await bench.service.gateway.store.all<{ v: string }>(
      'bench_version',
      'SELECT version() AS v',
    );
    version = row.v;
    if (['topUsers', 'user', 'entities', 'revenue', 'cohorts', 'userGrowth'].some(want)) {
      progress('query cases');
      const query = await runQueryCases({ bench, days, runs: options.runs });
      results.push(...query.results);
    }
    if (want('throughput')) {
      progress('throughput case');
      results.push(await runThroughputCase(bench.url, options.throughputSeconds));
    }
  } finally {
    await bench.close();
  }

  if (want('growth')) {
    results.push(await rowGrowth(options, workDir, days, storePath, loaded.rows, progress, data));
  }
  if (want('userGrowth') && options.growthDays > days.length) {
    results.push(...(await dayGrowth(options, workDir, days, storePath, progress, data)));
  }
  // Last, since it adds a day: the cases before it read a store of exactly `days` (and the
  // older days), so that topUsers over them may be answered from the per-user summary.
  if (want('userGrowth')) {
    progress('loading a day while querying');
    const live = await startBenchService(storePath, join(workDir, 'service'));
    try {
      results.push(await runLoadWhileQuerying(live, workDir, options.users, days, options.runs));
    } finally {
      await live.close();
    }
  }
  return version;
}

/** topUsers on 1/16 and 1/4 of the population over the same days, then on the full one. */
async function rowGrowth(
  options: BenchOptions,
  workDir: string,
  days: readonly string[],
  storePath: string,
  rows: number,
  progress: (line: string) => void,
  data: string[],
): Promise<CaseResult> {
  const points: GrowthPoint[] = [];
  for (const divisor of [16, 4]) {
    const path = join(workDir, `growth-${divisor}.duckdb`);
    progress(`growth: loading ${days.length} days of a population of ${options.users / divisor}`);
    const loaded = await loadDays(
      path,
      workDir,
      Math.round(options.users / divisor),
      days,
      progress,
    );
    const timings = await measureTopUsers(path, workDir, days, options.runs);
    points.push({ multiple: 16 / divisor, rows: loaded.rows, ...timings });
    await rm(path, { force: true });
  }
  points.push({
    multiple: 16,
    rows,
    ...(await measureTopUsers(storePath, workDir, days, options.runs)),
  });
  data.push(
    `Growth in rows: the same ${days.length} days for populations of ` +
      `${Math.round(options.users / 16).toLocaleString('en-US')}, ` +
      `${Math.round(options.users / 4).toLocaleString('en-US')} and ${options.users.toLocaleString('en-US')}.`,
  );
  return growthResult(points);
}

/**
 * The per-user questions on a longer history: a copy of the store keeps the short history, the
 * store itself gets older days until it holds `growthDays` days; the questions run against it
 * beside its hand SQL, then against both stores alternately for the growth ratio.
 */
async function dayGrowth(
  options: BenchOptions,
  workDir: string,
  days: readonly string[],
  storePath: string,
  progress: (line: string) => void,
  data: string[],
): Promise<CaseResult[]> {
  const shortPath = join(workDir, 'query-short.duckdb');
  await copyFile(storePath, shortPath);
  const older = daysEndingWith(days[0], options.growthDays - days.length + 1).slice(0, -1);
  progress(`growth in days: loading ${older.length} older days`);
  const loaded = await loadDays(storePath, workDir, options.users, older, progress);
  data.push(
    `Growth in days: ${older.length} older days of the same population loaded after the ` +
      `${days.length}-day cases (${options.growthDays} days in all; Store.loadDay per day: median ` +
      `${formatMs(summarise(loaded.loadMs).median)}); the questions read the same ${days.length} ` +
      `days, on that store and, alternately, on a copy of the ${days.length}-day store.`,
  );
  const long = await startBenchService(storePath, join(workDir, 'service'));
  const short = await startBenchService(shortPath, join(workDir, 'service-short'));
  try {
    const label = `${options.growthDays} days`;
    const after = await runPerUserCases(
      { bench: long, days, runs: options.runs },
      `user(id) at ${label}`,
      `_entities × 1,000 at ${label}`,
    );
    const topUsers = await compareTopUsers(
      { bench: long, days, runs: options.runs },
      `topUsers (first 100, ${days.length} of ${label})`,
    );
    progress(`growth in days: ${options.growthDays} and ${days.length} days, alternately`);
    const growth = await runHistoryGrowth(
      { bench: short, days, runs: options.runs },
      { bench: long, days, runs: options.runs },
    );
    const grown = (name: string, timings: { short: Timing; long: Timing }): CaseResult => {
      const ratio = timings.long.median / timings.short.median;
      return {
        name: `growth: ${name}, ${options.growthDays} vs ${days.length} days`,
        product: formatTiming(timings.long),
        engine: `${days.length} days: ${formatTiming(timings.short)}`,
        ratio,
        target: '≤ 1.5×',
        met: ratio <= 1.5,
        note: 'the product on both histories, run by run alternately',
      };
    };
    return [
      topUsers.result,
      ...after.results,
      grown('user(id)', growth.user),
      grown('_entities × 1,000', growth.entities),
    ];
  } finally {
    await long.close();
    await short.close();
    await rm(shortPath, { force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
