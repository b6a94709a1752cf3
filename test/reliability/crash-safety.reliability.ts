import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { silentLogger } from '../../src/logging/logger';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { Store, storeFilePath, type SyncJob } from '../../src/store';
import { plusDays } from '../support/days';
import { streamedFileFacts, type DayFacts } from './day-facts';
import { recordReliability } from './record';
import { seededRandom } from './seeded-random';
import { requireBuiltCli, runSyncChild, type ChildRun, type KillPhase } from './sync-child';

/**
 * Crash safety: a child process running the built `ltv-gateway sync` on a large day is killed
 * with SIGKILL at random points of the pull, many times. After every kill the store must open
 * and hold each day either not at all or complete (row count and exact revenue total equal to
 * the simulator's file, in the catalogue and in the rows), and a restart must pick the saved
 * URL up again rather than ask the vendor for a second report.
 *
 * The simulator runs in this process, so it outlives every child; its clock is pinned to the
 * start of the test, so URLs never expire meanwhile and the days stay inside its window.
 * CRASH_USERS (default 2,500,000: about 1,000,000 rows a day), CRASH_DAYS (days killed in turn,
 * default 3) and CRASH_SEED (where in each phase a kill lands) change the run.
 */

const POPULATION = { users: Number(process.env.CRASH_USERS ?? 2_500_000), seed: 5 };
const CRASH_DAYS = Number(process.env.CRASH_DAYS ?? 3);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
/** The kills each day goes through, in order. */
const PHASES: readonly KillPhase[] = ['download', 'load', 'download', 'load', 'commit', 'saved'];
/** Kills aimed at a refresh of a stored day, which must keep the stored day whole. */
const REFRESH_PHASES: readonly KillPhase[] = ['download', 'load', 'load', 'commit'];

/** What the store holds after a kill, read by this process once the child is gone. */
interface StoreState {
  readonly entries: Map<
    string,
    { rows: number; revenueTotal: string; loadedAt: string; bytes: number }
  >;
  readonly stored: Map<string, DayFacts>;
  readonly jobs: Map<string, SyncJob>;
}

/** One kill and what it left behind. */
interface KillRecord {
  readonly day: string;
  readonly refresh: boolean;
  readonly aimedAt: KillPhase;
  readonly landed: string;
  readonly jobBefore: string;
  readonly jobAfter: string;
  readonly reportRequests: number;
  readonly elapsedMs: number;
  /** For a kill during the download: the share of the file written by then. */
  readonly downloaded?: string;
}

describe('sync crash safety (SIGKILL of the sync command)', () => {
  let simulator: RunningSimulator;
  let dataDir: string;
  const facts = new Map<string, DayFacts>();

  beforeAll(async () => {
    requireBuiltCli();
    simulator = await startSimulator({ ...POPULATION, readyAfterMs: 0 });
    simulator.clock.set(new Date());
    dataDir = await mkdtemp(join(tmpdir(), 'ltv-crash-'));
  });
  afterAll(async () => {
    await simulator?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The file's facts, computed once per day from the simulator's generator. */
  function factsOf(day: string): DayFacts {
    let known = facts.get(day);
    if (!known) {
      known = streamedFileFacts(POPULATION, day);
      facts.set(day, known);
    }
    return known;
  }

  /**
   * Opens the store the child left, checks that every day in it is complete and no other day
   * has rows, and returns what it holds. Throws (failing the test) if the store does not open.
   */
  async function inspect(): Promise<StoreState> {
    const store = await Store.open({ path: storeFilePath(dataDir), logger: silentLogger() });
    try {
      const entries = new Map(
        (await store.loadedDays()).map((entry) => [
          entry.day,
          {
            rows: entry.rows,
            revenueTotal: entry.revenueTotal,
            loadedAt: entry.loadedAt,
            bytes: entry.bytes,
          },
        ]),
      );
      const stored = new Map(
        (
          await store.all<{ day: string; rows: number; revenue_total: string }>(
            'crash_stored_days',
            `SELECT strftime(report_day, '%Y-%m-%d') AS day, count(*) AS rows,
                sum(revenue) AS revenue_total
              FROM user_day GROUP BY report_day`,
          )
        ).map((row) => [row.day, { rows: row.rows, revenueTotal: row.revenue_total }]),
      );
      const jobs = new Map((await store.syncJobs()).map((job) => [job.day, job]));

      expect([...stored.keys()].sort()).toEqual([...entries.keys()].sort());
      for (const [day, entry] of entries) {
        const expected = factsOf(day);
        expect({ day, rows: entry.rows, revenueTotal: entry.revenueTotal }).toEqual({
          day,
          ...expected,
        });
        expect({ day, ...stored.get(day) }).toEqual({ day, ...expected });
      }
      return { entries, stored, jobs };
    } finally {
      await store.close();
    }
  }

  it(
    'leaves every day absent or complete after each kill, and resumes without a second report request',
    async () => {
      const random = seededRandom(SEED);
      const today = new Date().toISOString().slice(0, 10);
      const base = plusDays(today, -9);
      const days = Array.from({ length: CRASH_DAYS }, (_, index) => plusDays(today, -3 - index));
      const started = performance.now();

      // 1. Calibration: one uninterrupted pull, which also gives a day stored before any kill.
      const first = await runSyncChild({ simulator, dataDir, day: base });
      expect(first.exitCode).toBe(0);
      let state = await inspect();
      expect([...state.entries.keys()]).toEqual([base]);
      // Loads slow down as the store grows; every run that reports its load time updates this.
      const calibration = {
        fileBytes: state.entries.get(base)?.bytes ?? 0,
        loadMs: first.loadMs ?? 10_000,
      };

      // 2. Kills: each day through every phase, then refreshes of the stored day. Once a day is
      // stored, the rest of its kills hit refreshes of it, which must leave it whole.
      const plan = [
        ...days.flatMap((day) => PHASES.map((phase) => ({ day, phase }))),
        ...REFRESH_PHASES.map((phase) => ({ day: base, phase })),
      ];
      const kills: KillRecord[] = [];
      const unkilled: ChildRun[] = [];
      for (const { day, phase } of plan) {
        const jobBefore = state.jobs.get(day);
        const refresh = jobBefore?.state === 'loaded';
        const entryBefore = state.entries.get(day);
        const run = await runSyncChild({
          simulator,
          dataDir,
          day,
          refresh,
          kill: { phase, fraction: random() },
          calibration,
        });
        const after = await inspect();
        if (run.loadMs !== undefined) calibration.loadMs = run.loadMs;

        // A saved, still valid URL is polled again: no second report request.
        if (resumable(jobBefore))
          expect({ day, requests: run.reportRequests }).toEqual({ day, requests: 0 });
        else expect(run.reportRequests).toBeLessThanOrEqual(1);
        // A day stored before this run is still stored (whole, as inspect checked).
        if (entryBefore) expect(after.entries.has(day)).toBe(true);

        if (!run.killed) unkilled.push(run);
        else {
          kills.push({
            day,
            refresh,
            aimedAt: phase,
            landed: landedIn(run, entryBefore?.loadedAt, after, day),
            jobBefore: jobBefore?.state ?? 'none',
            jobAfter: after.jobs.get(day)?.state ?? 'none',
            reportRequests: run.reportRequests,
            elapsedMs: run.elapsedMs,
            downloaded:
              run.killedAtBytes === undefined
                ? undefined
                : `${Math.round((run.killedAtBytes / calibration.fileBytes) * 100)} %`,
          });
        }
        state = after;
      }

      // 3. Restarts without a kill finish every day.
      for (const day of [...days, base]) {
        const jobBefore = state.jobs.get(day);
        const run = await runSyncChild({ simulator, dataDir, day });
        expect({
          day,
          exitCode: run.exitCode,
          output: run.exitCode === 0 ? '' : run.output,
        }).toEqual({ day, exitCode: 0, output: '' });
        if (resumable(jobBefore)) expect(run.reportRequests).toBe(0);
        state = await inspect();
      }
      expect([...state.entries.keys()].sort()).toEqual([...days, base].sort());
      for (const day of [...days, base]) expect(state.jobs.get(day)?.state).toBe('loaded');
      expect(await readdir(join(dataDir, 'downloads'))).toEqual([]);

      // Every report request is accounted for: one per day, one per refresh that had to ask
      // anew, and one more wherever a kill fell between asking and saving the answer.
      const requests = Object.fromEntries(
        [...days, base].map((day) => [day, simulator.counters.forDay(day).reportRequests]),
      );
      recordReliability('crash-safety', {
        seed: SEED,
        rowsPerDay: Object.fromEntries([...facts].map(([day, known]) => [day, known.rows])),
        calibration,
        kills: kills.length,
        landed: countBy(kills.map((kill) => kill.landed)),
        aimedAt: countBy(kills.map((kill) => kill.aimedAt)),
        finishedBeforeTheKill: unkilled.length,
        reportRequests: requests,
        restartsWithSecondRequest: kills.filter((kill) => kill.jobAfter === 'requested').length,
        minutes: Math.round((performance.now() - started) / 6_000) / 10,
        storeFileMb: Math.round((await stat(storeFilePath(dataDir))).size / 2 ** 20),
        detail: kills,
      });
      expect(kills.length).toBeGreaterThanOrEqual(plan.length * 0.75);
    },
    4 * 3_600_000,
  );
});

/** Whether a saved job holds a URL a restart polls again instead of asking for a new report. */
function resumable(job: SyncJob | undefined): boolean {
  return (
    job !== undefined &&
    job.downloadUrl !== null &&
    ['polling', 'downloading', 'loading'].includes(job.state)
  );
}

/** Where a kill actually fell, judged from what the run saw and what the store holds after. */
function landedIn(run: ChildRun, loadedBefore: string | undefined, after: StoreState, day: string) {
  const loadedAfter = after.entries.get(day)?.loadedAt;
  if (loadedAfter !== undefined && loadedAfter !== loadedBefore) {
    return after.jobs.get(day)?.state === 'loaded'
      ? 'after commit, job saved'
      : 'after commit, before the job was saved';
  }
  if (run.killedAtBytes !== undefined) return 'during download';
  if (!run.fileComplete) return 'before the file arrived';
  return after.jobs.get(day)?.state === 'loading'
    ? 'during the load, before commit'
    : 'after the file arrived, before the load began';
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
