import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { silentLogger } from '../../src/logging/logger';
import { IN_MEMORY, Store } from '../../src/store';

/** The header the simulator writes by default (see shared/dt-api.md). */
export const SIMULATOR_HEADER =
  'Date,App ID,App Name,User ID,Advertising ID,Device OS,Country,Revenue (USD),Impressions,Clicks,Conversions';

/**
 * A temporary directory for CSV fixtures, removed by `cleanup()`. Created on first use, so a test
 * file run with a filter that skips its hooks leaves nothing behind.
 */
export class FixtureDir {
  private created: string | undefined;
  private count = 0;

  get path(): string {
    this.created ??= mkdtempSync(join(tmpdir(), 'ltv-store-test-'));
    return this.created;
  }

  /** Writes `lines` joined by '\n' (plus a final newline unless `noFinalNewline`) and returns the path. */
  csv(
    lines: readonly string[],
    options: { gzip?: boolean; noFinalNewline?: boolean } = {},
  ): string {
    const text = lines.join('\n') + (options.noFinalNewline ? '' : '\n');
    const file = join(this.path, `day-${++this.count}.csv${options.gzip ? '.gz' : ''}`);
    writeFileSync(file, options.gzip ? gzipSync(text) : text);
    return file;
  }

  cleanup(): void {
    if (this.created !== undefined) rmSync(this.created, { recursive: true, force: true });
    this.created = undefined;
  }
}

/** An in-memory store that logs nothing. */
export function openMemoryStore(): Promise<Store> {
  return Store.open({ path: IN_MEMORY, logger: silentLogger() });
}

const SCALE = 18;

/**
 * Sums decimal strings exactly with BigInt fixed-point arithmetic (18 fractional digits) and
 * formats the result as DuckDB prints DECIMAL(38,18). Independent of the store: plain notation
 * only, at most 18 fractional digits.
 */
export function exactDecimalSum(values: readonly string[]): string {
  let total = 0n;
  for (const value of values) {
    const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value);
    if (!match || match[3]?.length > SCALE) throw new Error(`Not a plain decimal: ${value}`);
    const units = BigInt((match[2] || '0') + (match[3] ?? '').padEnd(SCALE, '0'));
    total += match[1] === '-' ? -units : units;
  }
  const sign = total < 0n ? '-' : '';
  const digits = (total < 0n ? -total : total).toString().padStart(SCALE + 1, '0');
  return `${sign}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}
