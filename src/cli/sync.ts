import { performance } from 'node:perf_hooks';

import { openGateway } from '../app/gateway';
import { eachDay, isDay } from '../availability/day';
import { pullableRange } from '../availability/window';
import { createLogger } from '../logging/logger';
import { failureCode, type DayOutcome } from '../sync/day-outcome';
import { parseCommandArguments } from './arguments';
import { SyncProgress } from './sync-progress';
import { readConfigOrReport } from './read-config';
import { UsageError } from './usage-error';

const USAGE = `Usage: ltv-gateway sync [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--refresh]

Pulls report days from the vendor into the store (LTV_DATA_DIR) and prints a summary.
Without --from and --to it pulls every day the vendor serves now (the last 12).
Days already stored are skipped unless --refresh is given. Days older than the vendor
window that were never stored are reported as unavailable. Exits 1 when any day failed.
Configuration comes from the environment, as for \`serve\`.`;

const OPTIONS = {
  from: { type: 'string', description: 'First UTC day to pull, inclusive.' },
  to: { type: 'string', description: 'Last UTC day to pull, inclusive.' },
  refresh: { type: 'boolean', description: 'Pull and replace days already stored.' },
} as const;

/** `ltv-gateway sync`: pulls a range of days, then exits 0, or 1 when a day failed. */
export async function runSync(args: string[]): Promise<number> {
  const values = parseCommandArguments(args, USAGE, OPTIONS);
  if (!values) return 0;
  // Pulling serves nothing, so the rule that a server with vendor credentials needs auth is moot.
  const config = readConfigOrReport({ serving: false });
  if (!config) return 1;

  const window = pullableRange(new Date(), config.window);
  const from = dayOption(values.from, '--from') ?? window.oldest;
  const to = dayOption(values.to, '--to') ?? window.newest;
  if (to < from) throw new UsageError(`--to (${to}) is before --from (${from}).`);

  // Progress goes to the terminal; the log keeps to warnings so the two do not interleave.
  const logger = createLogger({ level: 'warn', format: config.log.format });
  const gateway = await openGateway(config, logger);
  const started = performance.now();
  const progress = new SyncProgress(eachDay(from, to).length, process.stderr);
  let outcomes: DayOutcome[];
  try {
    outcomes = await Promise.all(
      eachDay(from, to).map((day) =>
        gateway.sync.pull(day, { refresh: values.refresh === true }).then((outcome) => {
          progress.record(outcome);
          return outcome;
        }),
      ),
    );
  } finally {
    progress.finish();
    await gateway.close();
  }

  printSummary(outcomes, performance.now() - started);
  return outcomes.some((outcome) => outcome.state === 'failed') ? 1 : 0;
}

function dayOption(value: string | boolean | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isDay(value)) {
    throw new UsageError(
      `${flag} must be a UTC day written YYYY-MM-DD, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function printSummary(outcomes: DayOutcome[], durationMs: number): void {
  let rows = 0;
  let bytes = 0;
  const pulled = outcomes.filter((outcome) => outcome.state === 'loaded' && outcome.load);
  for (const outcome of pulled) {
    if (outcome.state === 'loaded' && outcome.load) {
      rows += outcome.load.rows;
      bytes += outcome.load.bytes;
    }
  }
  const count = (state: DayOutcome['state']) => outcomes.filter((o) => o.state === state).length;
  const stored = count('loaded') - pulled.length;

  console.log(
    `Synced ${pulled.length} day(s): ${rows.toLocaleString('en-US')} rows, ${formatBytes(bytes)} in ${(durationMs / 1000).toFixed(1)} s.`,
  );
  if (stored > 0)
    console.log(`Already stored, skipped: ${stored} day(s) (use --refresh to pull again).`);
  for (const outcome of outcomes) {
    if (outcome.state === 'failed') {
      console.log(
        `  ${outcome.day} failed: ${failureCode(outcome.error)}: ${outcome.error.message}`,
      );
    } else if (outcome.state === 'unavailable') {
      console.log(`  ${outcome.day} unavailable: older than the vendor window and never stored.`);
    } else if (outcome.state === 'not-yet') {
      console.log(`  ${outcome.day} not published by the vendor yet.`);
    }
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
