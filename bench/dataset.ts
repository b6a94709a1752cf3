import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { silentLogger } from '../src/logging/logger';
import { dayCsv } from '../src/simulator';
import { Store } from '../src/store';

/** Seed of every generated population, so runs are comparable. */
export const SEED = 7;

/** What loading a data set took, per day. */
export interface LoadedDataSet {
  readonly rows: number;
  readonly loadMs: number[];
}

/**
 * Generates each day's file exactly as the simulator serves it and loads it through
 * `Store.loadDay` (the load the sync runs), one day at a time, deleting each file afterwards.
 * The store is opened for the load and closed again, so a service started later reads the
 * catalogue with every day in it.
 */
export async function loadDays(
  storePath: string,
  workDir: string,
  users: number,
  days: readonly string[],
  progress: (line: string) => void,
): Promise<LoadedDataSet> {
  const store = await Store.open({ path: storePath, logger: silentLogger() });
  const loadMs: number[] = [];
  let rows = 0;
  try {
    for (const day of days) {
      const csvPath = join(workDir, `population-${users}-${day}.csv`);
      await writeDayFile(csvPath, users, day);
      const started = performance.now();
      const load = await store.loadDay({ day, csvPath, reportId: null });
      loadMs.push(performance.now() - started);
      rows += load.rows;
      await rm(csvPath, { force: true });
      progress(`loaded ${day}: ${load.rows} rows in ${Math.round(loadMs.at(-1) ?? 0)} ms`);
    }
  } finally {
    await store.close();
  }
  return { rows, loadMs };
}

/** Writes the simulator's file of one day for a population, with stream backpressure. */
export async function writeDayFile(path: string, users: number, day: string): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of dayCsv({ users, seed: SEED }, day)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** `count` consecutive UTC days ending with `last`, oldest first. */
export function daysEndingWith(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(end - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
}
