import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type RunningSimulator,
} from '../../src/simulator';

/** The built command line the crash test runs as a child process. */
const CLI = join(__dirname, '..', '..', 'bin', 'ltv-gateway.js');
const BUILT = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

/**
 * Where in a pull the child is killed:
 * - `download`: once the file being written (`*.part`) holds a share of the file's bytes;
 * - `load`: after the file is complete on disk, while the store parses, checks and replaces
 *   the day;
 * - `commit`: around the calibrated end of the load, so just before or just after the commit;
 * - `saved`: as soon as the child reports the day loaded (committed, job saved, not yet closed).
 */
export type KillPhase = 'download' | 'load' | 'commit' | 'saved';

/** What an uninterrupted pull measured. */
export interface Calibration {
  /** Size of the report file, in bytes. */
  readonly fileBytes: number;
  /** From the file being complete on disk to the child reporting the day loaded, in ms. */
  readonly loadMs: number;
}

/** What one child run did. */
export interface ChildRun {
  /** Whether SIGKILL was sent (false when the child finished first). */
  readonly killed: boolean;
  /** Bytes of the file written when a download-phase kill was sent. */
  readonly killedAtBytes?: number;
  readonly exitCode: number | null;
  /** Milliseconds from spawn to the kill (or to the exit). */
  readonly elapsedMs: number;
  /** Whether the downloaded file was complete on disk before the kill. */
  readonly fileComplete: boolean;
  /** From the file being complete to the day reported loaded, in ms, when both were seen. */
  readonly loadMs?: number;
  /** Vendor report requests for the day made during this run. */
  readonly reportRequests: number;
  readonly output: string;
}

/**
 * Kills a process from a worker thread once a `.part` file in a folder reaches a size. The
 * simulator streams the file from this process's main thread, in a loop of stream callbacks
 * that leaves its timers no turn; a worker has an event loop of its own.
 */
const PART_WATCHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { dir, pid, bytes } = workerData;
const timer = setInterval(() => {
  let names = [];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names.filter((candidate) => candidate.endsWith('.part'))) {
    let size = 0;
    try { size = statSync(join(dir, name)).size; } catch { continue; }
    if (size < bytes) continue;
    clearInterval(timer);
    try { process.kill(pid, 'SIGKILL'); } catch {}
    parentPort.postMessage(size);
    return;
  }
}, 1);
parentPort.on('message', () => clearInterval(timer));
`;

/** Throws unless `npm run build` has produced the command line the child runs. */
export function requireBuiltCli(): void {
  if (!existsSync(BUILT)) {
    throw new Error(`${BUILT} is missing; run \`npm run build\` (npm run test:reliability does).`);
  }
}

/**
 * Runs `ltv-gateway sync --from day --to day [--refresh]` against the simulator, with the store
 * in `dataDir`, and kills it with SIGKILL at `kill.phase`, `kill.fraction` (0..1) of the way
 * through that phase as `calibration` measured it. Resolves once the child has exited.
 */
export function runSyncChild(options: {
  simulator: RunningSimulator;
  dataDir: string;
  day: string;
  refresh?: boolean;
  kill?: { phase: KillPhase; fraction: number };
  calibration?: Calibration;
}): Promise<ChildRun> {
  const { simulator, day, kill, calibration } = options;
  const downloads = join(options.dataDir, 'downloads');
  const args = ['sync', '--from', day, '--to', day, ...(options.refresh ? ['--refresh'] : [])];
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH,
      DT_BASE_URL: simulator.url,
      DT_CLIENT_ID: DEFAULT_CLIENT_ID,
      DT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
      LTV_AUTH: 'off',
      LTV_DATA_DIR: options.dataDir,
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const requestsBefore = simulator.counters.forDay(day).reportRequests;
  const started = performance.now();
  const spawnedAtMs = Date.now();
  let output = '';
  let completeAt: number | undefined;
  let savedAt: number | undefined;
  let killedAt: number | undefined;
  let killedAtBytes: number | undefined;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (savedAt === undefined && output.includes(`${day} loaded`)) savedAt = performance.now();
  });

  // 1. A download-phase kill comes from a worker watching the part file grow.
  let watcher: Worker | undefined;
  if (kill?.phase === 'download' && child.pid !== undefined) {
    const bytes = Math.max(1, Math.floor(kill.fraction * (calibration?.fileBytes ?? 1_000_000)));
    watcher = new Worker(PART_WATCHER, {
      eval: true,
      workerData: { dir: downloads, pid: child.pid, bytes },
    });
    watcher.on('message', (size: number) => {
      killedAt = performance.now();
      killedAtBytes = size;
    });
  }

  // 2. The later phases count from the complete file, which the load reads.
  const killTime = (): number | undefined => {
    if (!kill || kill.phase === 'download') return undefined;
    if (kill.phase === 'saved') return savedAt;
    if (completeAt === undefined) return undefined;
    const loadMs = calibration?.loadMs ?? 5_000;
    const share = kill.phase === 'load' ? kill.fraction * 0.9 : 0.9 + kill.fraction * 0.6;
    // A child that reported the day loaded before the aimed time is killed at once.
    return Math.min(completeAt + share * loadMs, savedAt ?? Infinity);
  };
  const watch = setInterval(() => {
    const now = performance.now();
    if (completeAt === undefined && hasCompleteFile(downloads, day, spawnedAtMs)) {
      completeAt = now;
    }
    const at = killTime();
    if (killedAt === undefined && at !== undefined && now >= at) {
      killedAt = now;
      child.kill('SIGKILL');
    }
  }, 2);

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      clearInterval(watch);
      void watcher?.terminate();
      const end = killedAt ?? performance.now();
      resolve({
        killed: killedAt !== undefined,
        killedAtBytes,
        exitCode,
        elapsedMs: Math.round(end - started),
        fileComplete: completeAt !== undefined && completeAt <= end,
        loadMs: completeAt && savedAt && Math.round(savedAt - completeAt),
        reportRequests: simulator.counters.forDay(day).reportRequests - requestsBefore,
        output,
      });
    });
  });
}

/**
 * Whether the day's downloaded file sits complete (renamed from its part file) in `dir`,
 * written since `sinceMs`: a file a killed child left behind does not count.
 */
function hasCompleteFile(dir: string, day: string, sinceMs: number): boolean {
  try {
    return readdirSync(dir).some(
      (name) =>
        name.startsWith(`report-${day}-`) &&
        /\.csv(\.gz)?$/.test(name) &&
        statSync(join(dir, name)).mtimeMs >= sinceMs,
    );
  } catch {
    // The child removes leftovers as it starts; a file gone between listing and stat is one.
    return false;
  }
}
