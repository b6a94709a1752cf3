import { performance } from 'node:perf_hooks';

/** Timings of one side of a case, in milliseconds. */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Every timed run, in the order they ran. */
  readonly runs: readonly number[];
}

/**
 * Runs `work` `warmup` times untimed, then `runs` times timed, one after the other. The median
 * is what the report compares; min and max show the spread on a shared machine.
 */
export async function time(
  work: () => Promise<unknown>,
  options: { runs: number; warmup?: number },
): Promise<Timing> {
  for (let i = 0; i < (options.warmup ?? 2); i++) await work();
  const runs: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await work();
    runs.push(performance.now() - started);
  }
  return summarise(runs);
}

/**
 * Times the product and the engine alternately, run by run, so that a burst of load from other
 * processes hits both sides rather than one: the ratio of medians stays meaningful on a busy
 * machine.
 */
export async function timePair(
  product: () => Promise<unknown>,
  engine: () => Promise<unknown>,
  options: { runs: number; warmup?: number },
): Promise<{ product: Timing; engine: Timing }> {
  for (let i = 0; i < (options.warmup ?? 2); i++) {
    await product();
    await engine();
  }
  const productRuns: number[] = [];
  const engineRuns: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const first = performance.now();
    await product();
    productRuns.push(performance.now() - first);
    const second = performance.now();
    await engine();
    engineRuns.push(performance.now() - second);
  }
  return { product: summarise(productRuns), engine: summarise(engineRuns) };
}

/** Median, min and max of some timings. */
export function summarise(runs: readonly number[]): Timing {
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
}

/** A duration for the table: 0.85 ms, 12.3 ms, 640 ms, 2.41 s. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Median with its spread, as the table shows it: `12.3 ms (11.8–15.0)`. */
export function formatTiming(timing: Timing): string {
  return `${formatMs(timing.median)} (${formatMs(timing.min)}–${formatMs(timing.max)})`;
}
