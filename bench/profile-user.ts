/**
 * Where a user's page spends its time, and how that changes with the history:
 * `node .bench/dist/bench/profile-user.js [users] [days] [extra days]` loads `days` generated
 * days of a population (default 1,000,000 users, ~400 k active a day, 12 days), times each
 * statement `user(id) { totals daily ltv }` runs (the readers the resolvers call, without HTTP
 * or GraphQL) for 25 users active on the last day, then loads `extra days` older days (default
 * 36) and times them again over the same 12 days. Not part of `npm run bench`: it is the tool
 * behind the user(id) rows of BENCHMARKS.md.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { addDays } from '../src/availability/day';
import { silentLogger } from '../src/logging/logger';
import { Store } from '../src/store';
import { readUserDays, readUserLtv, readUserSummaries } from '../src/users/user-readers';
import { writeDayFile } from './dataset';
import { summarise } from './measure';

const DIR = '.bench/profile-user';
const LAST_DAY = '2026-10-06';
const ROUNDS = 9;

async function loadRange(store: Store, users: number, from: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    const day = addDays(from, index);
    const csvPath = join(DIR, `${day}.csv`);
    await writeDayFile(csvPath, users, day);
    await store.loadDay({ day, csvPath, reportId: null });
    await rm(csvPath, { force: true });
  }
}

async function timeStatements(store: Store, userIds: string[], days: number): Promise<void> {
  const range = { from: addDays(LAST_DAY, -(days - 1)), to: LAST_DAY };
  const firstSeen = new Map<string, string>();
  for (const id of userIds) {
    const [summary] = await readUserSummaries(store, [id], undefined);
    firstSeen.set(id, summary.firstSeen);
  }
  const window = (id: string) => {
    const from = firstSeen.get(id) as string;
    return { from, to: addDays(from, 7) };
  };
  const steps: [string, (id: string) => Promise<unknown>][] = [
    ['summary (exists, totals)', (id) => readUserSummaries(store, [id], undefined)],
    ['daily(12 days)', (id) => readUserDays(store, [id], range, undefined)],
    ['ltv [0,1,3,7], whole history', (id) => readUserLtv(store, [id], [0, 1, 3, 7], undefined)],
    [
      'ltv [0,1,3,7], first-seen window (as a page reads it)',
      (id) => readUserLtv(store, [id], [0, 1, 3, 7], undefined, window(id)),
    ],
  ];
  for (const [label, step] of steps) {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const id of userIds) {
        const started = performance.now();
        await step(id);
        if (round > 0) times.push(performance.now() - started);
      }
    }
    const { median, min, max } = summarise(times);
    console.log(`  ${label}: median ${median.toFixed(2)} ms (${min.toFixed(2)}–${max.toFixed(2)})`);
  }
}

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 1_000_000);
  const days = Number(process.argv[3] ?? 12);
  const extraDays = Number(process.argv[4] ?? 36);
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const store = await Store.open({ path: join(DIR, 'store.duckdb'), logger: silentLogger() });
  try {
    await loadRange(store, users, addDays(LAST_DAY, -(days - 1)), days);
    const sample = await store.all<{ user_id: string }>(
      'profile_sample_users',
      `SELECT DISTINCT user_id FROM user_day
        WHERE report_day = $day::DATE AND NOT is_masked ORDER BY hash(user_id) LIMIT 25`,
      { day: LAST_DAY },
    );
    const userIds = sample.map((row) => row.user_id);
    console.log(`${days} days:`);
    await timeStatements(store, userIds, days);
    if (extraDays > 0) {
      await loadRange(store, users, addDays(LAST_DAY, -(days + extraDays - 1)), extraDays);
      console.log(`${days + extraDays} days (the same ${days} days asked):`);
      await timeStatements(store, userIds, days);
    }
  } finally {
    await store.close();
  }
}

void main();
