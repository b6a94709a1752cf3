import { join } from 'node:path';

import * as hand from '../hand-sql';
import { formatTiming, timePair, type Timing } from '../measure';
import * as operations from '../operations';
import type { CaseResult } from '../result';
import { startBenchService } from '../service';

/** One size of the growth case: its stored rows and topUsers' timings there. */
export interface GrowthPoint {
  readonly multiple: number;
  readonly rows: number;
  readonly product: Timing;
  readonly engine: Timing;
}

/** topUsers over the same days on a store of `rows` rows. */
export async function measureTopUsers(
  storePath: string,
  workDir: string,
  days: readonly string[],
  runs: number,
): Promise<{ product: Timing; engine: Timing }> {
  const bench = await startBenchService(storePath, join(workDir, 'growth-service'));
  try {
    const range = { from: days[0], to: days[days.length - 1] };
    return await timePair(
      () => bench.client.query(operations.TOP_USERS, { range }),
      () => bench.service.gateway.store.all('bench_top_users', hand.TOP_USERS, range),
      { runs },
    );
  } finally {
    await bench.close();
  }
}

/**
 * The growth case of issue 7: topUsers' time at 1×, 4× and 16× the rows may grow no faster than
 * the rows; the row compares the largest size with the smallest.
 */
export function growthResult(points: readonly GrowthPoint[]): CaseResult {
  const [first, ...rest] = points;
  const last = rest[rest.length - 1] ?? first;
  const timeGrowth = last.product.median / first.product.median;
  const rowGrowth = last.rows / first.rows;
  return {
    name: `growth: topUsers at ${points.map((point) => `${point.multiple}×`).join(', ')} rows`,
    product: points.map((point) => formatTiming(point.product)).join(' → '),
    engine: points.map((point) => formatTiming(point.engine)).join(' → '),
    ratio: timeGrowth / rowGrowth,
    target: 'time grows ≤ rows (ratio ≤ 1×)',
    met: points.every(
      (point) => point.product.median / first.product.median <= point.rows / first.rows,
    ),
    note:
      `rows ${points.map((point) => point.rows.toLocaleString('en-US')).join(' → ')}; ` +
      `time ×${timeGrowth.toFixed(1)} for rows ×${rowGrowth.toFixed(1)}`,
  };
}
