import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The reliability tests run in two modes. In `npm test` they stay quick. Under
 * `npm run test:reliability`, RELIABILITY_RECORD names a folder: the randomised cases then run
 * RELIABILITY_SCALE times as many inputs (default 10), and each case writes what it measured
 * there as `<case>.json`, which RELIABILITY.md reports.
 */

/** The folder receiving measurements, or undefined in a plain `npm test` run. */
function recordDir(): string | undefined {
  const dir = process.env.RELIABILITY_RECORD;
  return dir === undefined || dir === '' ? undefined : resolve(dir);
}

/** How many times more randomised inputs to try: 1 normally, more in a recorded run. */
export function reliabilityScale(): number {
  if (recordDir() === undefined) return 1;
  const scale = Number(process.env.RELIABILITY_SCALE ?? 10);
  return Number.isInteger(scale) && scale > 0 ? scale : 10;
}

/** Writes a case's measurements when the run is recorded; does nothing otherwise. */
export function recordReliability(name: string, facts: unknown): void {
  const dir = recordDir();
  if (dir === undefined) return;
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(
    { case: name, at: new Date().toISOString(), ...(facts as object) },
    (_key, value: unknown) => (value === Infinity ? 'Infinity' : value),
    2,
  );
  writeFileSync(join(dir, `${name}.json`), `${text}\n`);
}
