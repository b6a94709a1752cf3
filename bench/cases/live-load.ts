import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { writeDayFile } from '../dataset';
import { formatMs, formatTiming, summarise } from '../measure';
import * as operations from '../operations';
import type { CaseResult } from '../result';
import type { BenchService } from '../service';

/**
 * Issue 9: queries keep being answered while a day loads. Loads the day after the stored ones
 * into the running service's store while one user's page is asked for again and again, and
 * reports the page's latency during the load next to its latency right after.
 */
export async function runLoadWhileQuerying(
  bench: BenchService,
  workDir: string,
  users: number,
  days: readonly string[],
  runs: number,
): Promise<CaseResult> {
  const last = days[days.length - 1];
  const next = nextDay(last);
  const csvPath = join(workDir, `live-${next}.csv`);
  await writeDayFile(csvPath, users, next);
  const [sample] = await bench.service.gateway.store.all<{ user_id: string }>(
    'bench_sample_user',
    `SELECT user_id FROM user_day WHERE report_day = $day::DATE AND NOT is_masked
      ORDER BY hash(user_id) LIMIT 1`,
    { day: last },
  );
  const ask = () =>
    bench.client.query(operations.USER_PAGE, {
      id: sample.user_id,
      range: { from: days[0], to: last },
    });

  const during: number[] = [];
  let failures = 0;
  const started = performance.now();
  let loading = true;
  const load = bench.service.gateway.store
    .loadDay({ day: next, csvPath, reportId: null })
    .finally(() => (loading = false));
  while (loading) {
    const asked = performance.now();
    try {
      await ask();
      during.push(performance.now() - asked);
    } catch {
      failures++;
    }
  }
  const loaded = await load;
  const loadMs = performance.now() - started;
  await rm(csvPath, { force: true });

  const after: number[] = [];
  for (let run = 0; run < runs; run++) {
    const asked = performance.now();
    await ask();
    after.push(performance.now() - asked);
  }
  const whileLoading = summarise(during.length > 0 ? during : [NaN]);
  return {
    name: `user(id) while a day of ${loaded.rows.toLocaleString('en-US')} rows loads`,
    product: `${formatTiming(whileLoading)}, ${during.length} answered`,
    engine: `idle: ${formatTiming(summarise(after))}`,
    target: 'answered throughout',
    met: failures === 0 && during.length > 0,
    note: `load took ${formatMs(loadMs)}; ${failures} failed`,
  };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
