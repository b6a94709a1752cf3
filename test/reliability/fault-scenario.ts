import { readdir } from 'node:fs/promises';

import type { CountedFault } from '../../src/simulator';
import { failureCode, type DayOutcome } from '../../src/sync/day-outcome';
import { daysFrom } from '../support/days';
import type { SyncRig } from '../sync/sync-rig';
import {
  fileFacts,
  fileRowTexts,
  snapshotDay,
  storedRowTexts,
  type DaySnapshot,
} from './day-facts';

/** The population every fault scenario's simulator serves (the sync rig's default). */
export const POPULATION = { users: 300, seed: 1 };
/** The days a scenario syncs: the first two are stored before any fault is switched on. */
export const DAYS = daysFrom('2026-03-01', '2026-03-06');
export const STORED_BEFORE = DAYS.slice(0, 2);

const HOUR_MS = 3_600_000;
/** A download URL lives three hours after its report request. */
const URL_LIFETIME_MS = 3 * HOUR_MS;

/** The counted fault switches a scenario sets before its sync starts. */
export type FaultCounts = Partial<Record<CountedFault, number>>;

/** Faults to inject into one multi-day sync, all applied through the simulator's switches. */
export interface FaultPlan {
  readonly counts: FaultCounts;
  /** Body bytes before a connection reset. */
  readonly resetAfterBytes?: number;
  /** Whole data rows before a truncated file's cut. */
  readonly truncateAfterRows?: number;
  /** Retry-After of injected 429s, in seconds. */
  readonly retryAfterSeconds?: number;
  /** Revokes the credentials once this many days of the sync have ended. */
  readonly revokeAfterDays?: number;
  /**
   * How many times the simulator's clock jumps past the URL lifetime when a file has just
   * answered "not ready": a URL that expires while it is being polled.
   */
  readonly urlExpiries?: number;
  /** Whether the stored days are pulled again (refresh), exposing them to the faults too. */
  readonly refreshStored: boolean;
}

/** Codes a failed day may carry under any injected fault, each naming a reason. */
export const FAULT_CODES = [
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_REPORT_NOT_READY',
  'UPSTREAM_URL_EXPIRED',
  'UPSTREAM_DOWNLOAD_FAILED',
  'UPSTREAM_CREDENTIALS_REJECTED',
  'CSV_MALFORMED',
  'CSV_VALUE_INVALID',
  'CSV_HEADER_INVALID',
] as const;

/** What a scenario did: outcomes of the faulted sync, faults taken, clock jumps. */
export interface ScenarioResult {
  readonly outcomes: readonly DayOutcome[];
  /** How many requests each counted fault hit (set minus left). */
  readonly taken: FaultCounts;
  readonly urlExpiries: number;
  readonly revoked: boolean;
  /** Failure codes by day. */
  readonly failures: Readonly<Record<string, string>>;
}

/**
 * Runs one fault plan over a multi-day sync and checks that nothing was lost:
 * 1. store two days cleanly and snapshot them;
 * 2. move past the token's hour, so the faulted sync needs a new token as well;
 * 3. switch the faults on and sync every day (refreshing the stored ones if the plan says);
 * 4. every day is now loaded and equal to the simulator's file row for row, or failed with a
 *    coded reason saved in its job, and then either untouched (stored before) or absent;
 *    no download is left on disk;
 * 5. with the faults off, syncing again stores every day, equal to its file.
 */
export async function runFaultScenario(rig: SyncRig, plan: FaultPlan): Promise<ScenarioResult> {
  const { simulator, store, sync } = rig;

  // 1. Days stored before the trouble starts.
  for (const day of STORED_BEFORE) expectLoaded(await sync.pull(day));
  const before = new Map<string, DaySnapshot>();
  for (const day of STORED_BEFORE) before.set(day, await snapshotDay(store, day));

  // 2. Past the token's lifetime.
  simulator.clock.advance(HOUR_MS + 60_000);

  // 3. Faults on, then the sync.
  simulator.faults.clear();
  Object.assign(simulator.faults, plan.counts);
  if (plan.resetAfterBytes !== undefined) simulator.faults.resetAfterBytes = plan.resetAfterBytes;
  if (plan.truncateAfterRows !== undefined) {
    simulator.faults.truncateAfterRows = plan.truncateAfterRows;
  }
  simulator.faults.rateLimitRetryAfterSeconds = plan.retryAfterSeconds ?? 0;
  const expiries = expireUrlsWhilePolling(rig, plan.urlExpiries ?? 0);
  let ended = 0;
  let revoked = false;
  const outcomes = await Promise.all(
    DAYS.map((day) =>
      sync.pull(day, { refresh: plan.refreshStored && before.has(day) }).then((outcome) => {
        ended += 1;
        if (ended === plan.revokeAfterDays) {
          simulator.revokeCredentials();
          revoked = true;
        }
        return outcome;
      }),
    ),
  );
  const urlExpiries = expiries.stop();
  const taken: FaultCounts = {};
  for (const [name, count] of Object.entries(plan.counts) as [CountedFault, number][]) {
    if (Number.isFinite(count)) taken[name] = count - simulator.faults[name];
  }

  // 4. Loaded and equal, or failed with a reason and nothing changed.
  const failures: Record<string, string> = {};
  for (const outcome of outcomes) {
    const day = outcome.day;
    if (outcome.state === 'loaded') {
      await expectDayEqualsFile(rig, day);
      continue;
    }
    if (outcome.state !== 'failed') throw new Error(`${day} ended ${outcome.state}.`);
    const code = failureCode(outcome.error);
    failures[day] = code;
    expect(FAULT_CODES).toContain(code);
    expect(outcome.error.message.length).toBeGreaterThan(20);
    expect(await store.syncJob(day)).toMatchObject({ state: 'failed', errorCode: code });
    const stored = before.get(day);
    if (stored) expect(await snapshotDay(store, day)).toEqual(stored);
    else {
      expect(await store.dayEntry(day)).toBeNull();
      expect(await storedRowTexts(store, day)).toEqual([]);
    }
  }
  if (!plan.refreshStored) {
    for (const [day, stored] of before) expect(await snapshotDay(store, day)).toEqual(stored);
  }
  expect(await readdir(rig.downloadDir)).toEqual([]);

  // 5. Faults off: every day comes in.
  simulator.faults.clear();
  simulator.restoreCredentials();
  for (const outcome of await Promise.all(DAYS.map((day) => sync.pull(day)))) {
    expectLoaded(outcome);
    await expectDayEqualsFile(rig, outcome.day);
  }

  return { outcomes, taken, urlExpiries, revoked, failures };
}

/** Checks a stored day against the simulator's file: catalogue facts and every row. */
export async function expectDayEqualsFile(rig: SyncRig, day: string): Promise<void> {
  expect(await rig.store.dayEntry(day)).toMatchObject(fileFacts(POPULATION, day));
  expect(await storedRowTexts(rig.store, day)).toEqual(fileRowTexts(POPULATION, day));
}

function expectLoaded(outcome: DayOutcome): void {
  if (outcome.state !== 'loaded') {
    const reason = outcome.state === 'failed' ? `: ${outcome.error.message}` : '';
    throw new Error(`${outcome.day} ended ${outcome.state}${reason}`);
  }
}

/**
 * Watches the simulator's not-ready answers; after each new one (up to `times`), moves the
 * simulated clock past a URL's lifetime, so the URL being polled expires under the poller.
 */
function expireUrlsWhilePolling(rig: SyncRig, times: number): { stop(): number } {
  let jumps = 0;
  let seen = rig.simulator.counters.notReadyAnswers;
  const timer = setInterval(() => {
    const now = rig.simulator.counters.notReadyAnswers;
    if (jumps >= times || now === seen) return;
    rig.simulator.clock.advance(URL_LIFETIME_MS + 1_000);
    jumps += 1;
    seen = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return jumps;
    },
  };
}
