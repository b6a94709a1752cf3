import { parseArgs } from 'node:util';

/** What one `npm run bench` run measures and at which size. */
export interface BenchOptions {
  /** Population of the query data set; about 40 % of it has a row each day. */
  readonly users: number;
  /** Days of the query data set (the 12). */
  readonly days: number;
  /** Days of history for the growth case of the per-user questions (the 48); 0 skips it. */
  readonly growthDays: number;
  /** Rows of the day synced end to end (the 1 M). */
  readonly syncRows: number;
  /** Rows of the larger day whose memory is watched (the 4 M); 0 skips it. */
  readonly bigSyncRows: number;
  /** Timed runs per case after the warm-up. */
  readonly runs: number;
  /** Seconds autocannon runs per server in the throughput case. */
  readonly throughputSeconds: number;
  /** Only these cases (names as in the table); empty: every case. */
  readonly only: readonly string[];
  /** Where the results go; the part between the result markers is replaced. */
  readonly out: string;
  /** Scratch folder for generated files and databases; emptied at the end. */
  readonly workDir: string;
}

const USAGE = `Usage: npm run bench -- [options]

Measures ltv-gateway over HTTP against DuckDB alone (hand-written SQL in the same database, same
run) and writes the table to BENCHMARKS.md. Exits 1 when a ratio or an absolute target misses.

Options:
  --users <n>          Population of the query data set; ~40 % active a day (default 1000000)
  --days <n>           Days in the query data set (default 12)
  --growth-days <n>    Days of history for the per-user growth case; 0 skips it (default 48)
  --sync-rows <n>      Rows of the day synced end to end (default 1000000)
  --big-sync-rows <n>  Rows of the day whose peak RSS is compared; 0 skips it (default 4000000)
  --runs <n>           Timed runs per case after the warm-up (default 15)
  --throughput-seconds <n>  Seconds of autocannon per server (default 10)
  --only <a,b>         Only these cases: sync, memory, topUsers, user, entities, revenue,
                       cohorts, throughput, growth, userGrowth
  --out <file>         Report file (default BENCHMARKS.md)
  --work-dir <dir>     Scratch folder (default .bench/work)
  -h, --help           Show this help.`;

/** Reads the command line; prints the usage and returns undefined for --help. */
export function readBenchOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      users: { type: 'string', default: '1000000' },
      days: { type: 'string', default: '12' },
      'growth-days': { type: 'string', default: '48' },
      'sync-rows': { type: 'string', default: '1000000' },
      'big-sync-rows': { type: 'string', default: '4000000' },
      runs: { type: 'string', default: '15' },
      'throughput-seconds': { type: 'string', default: '10' },
      only: { type: 'string', default: '' },
      out: { type: 'string', default: 'BENCHMARKS.md' },
      'work-dir': { type: 'string', default: '.bench/work' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const whole = (name: keyof typeof values, min: number, max: number): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(values[name])}.`,
      );
    }
    return value;
  };
  const days = whole('days', 2, 60);
  return {
    users: whole('users', 1000, 16_777_216),
    days,
    growthDays: whole('growth-days', 0, 400),
    syncRows: whole('sync-rows', 1000, 6_000_000),
    bigSyncRows: whole('big-sync-rows', 0, 6_000_000),
    runs: whole('runs', 3, 1000),
    throughputSeconds: whole('throughput-seconds', 2, 600),
    only: String(values.only)
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    out: String(values.out),
    workDir: String(values['work-dir']),
  };
}
