import fc from 'fast-check';

import type { CountedFault } from '../../src/simulator';
import { startSyncRig, type SyncRig } from '../sync/sync-rig';
import {
  DAYS,
  FAULT_CODES,
  runFaultScenario,
  STORED_BEFORE,
  type FaultPlan,
  type ScenarioResult,
} from './fault-scenario';
import { recordReliability, reliabilityScale } from './record';

/** Days pulled by a scenario's faulted sync when it refreshes the stored days too. */
const PULLS = DAYS.length;

/** Tallies across every scenario of this file, for RELIABILITY.md. */
const tally = {
  scenarios: 0,
  faultsTaken: {} as Record<string, number>,
  urlExpiries: 0,
  revocations: 0,
  loaded: 0,
  failed: {} as Record<string, number>,
  seed: 0,
};

function count(result: ScenarioResult): ScenarioResult {
  tally.scenarios += 1;
  for (const [name, taken] of Object.entries(result.taken)) {
    tally.faultsTaken[name] = (tally.faultsTaken[name] ?? 0) + taken;
  }
  tally.urlExpiries += result.urlExpiries;
  if (result.revoked) tally.revocations += 1;
  for (const outcome of result.outcomes) {
    if (outcome.state === 'loaded') tally.loaded += 1;
  }
  for (const code of Object.values(result.failures)) {
    tally.failed[code] = (tally.failed[code] ?? 0) + 1;
  }
  return result;
}

afterAll(() => recordReliability('vendor-faults', tally));

describe('report sync under vendor faults', () => {
  let rig: SyncRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  async function scenario(plan: FaultPlan, pollDeadlineMs = 10_000): Promise<ScenarioResult> {
    rig = await startSyncRig({ pollDeadlineMs });
    return count(await runFaultScenario(rig, plan));
  }

  const failedCodes = (result: ScenarioResult) => Object.values(result.failures);

  it('loads every day through two token 500s', async () => {
    const result = await scenario({ counts: { tokenServerErrors: 2 }, refreshStored: true });

    expect(result.failures).toEqual({});
    expect(result.taken.tokenServerErrors).toBe(2);
  });

  it('fails every pull with UPSTREAM_UNAVAILABLE while the token service is down, keeping stored days', async () => {
    const result = await scenario({
      counts: { tokenServerErrors: Infinity },
      refreshStored: true,
    });

    expect(Object.keys(result.failures).sort()).toEqual(DAYS);
    expect(new Set(failedCodes(result))).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
  });

  it('loads every day through report 500s and 429s with Retry-After', async () => {
    const result = await scenario({
      counts: { reportServerErrors: 3, reportRateLimits: 2 },
      retryAfterSeconds: 1,
      refreshStored: true,
    });

    expect(result.failures).toEqual({});
    expect(result.taken).toEqual({ reportServerErrors: 3, reportRateLimits: 2 });
  });

  it('fails the days whose files never become ready, with UPSTREAM_REPORT_NOT_READY', async () => {
    const result = await scenario({ counts: { neverReadyReports: 2 }, refreshStored: true }, 300);

    expect(failedCodes(result)).toEqual(['UPSTREAM_REPORT_NOT_READY', 'UPSTREAM_REPORT_NOT_READY']);
  });

  it('requests a new report when a URL expires while it is polled, and loads every day', async () => {
    const result = await scenario({
      counts: { neverReadyReports: 2 },
      urlExpiries: 2,
      refreshStored: true,
    });

    expect(result.failures).toEqual({});
    expect(result.urlExpiries).toBeGreaterThanOrEqual(1);
    const created = DAYS.reduce(
      (sum, day) => sum + rig!.simulator.counters.forDay(day).reportsCreated,
      0,
    );
    // Stored days twice (first load, refresh), the rest once, two renewals, then the recovery
    // pass, which has nothing left to pull.
    expect(created).toBe(STORED_BEFORE.length + PULLS + 2);
  });

  it('downloads again after connection resets mid-file, with no new report request', async () => {
    const result = await scenario({
      counts: { resetDownloads: 2 },
      resetAfterBytes: 2_000,
      refreshStored: false,
    });

    expect(result.failures).toEqual({});
    expect(result.taken.resetDownloads).toBe(2);
    for (const day of DAYS) expect(rig!.simulator.counters.forDay(day).reportRequests).toBe(1);
  });

  it.each<[string, CountedFault, string, RegExp]>([
    ['a truncated file', 'truncatedDownloads', 'CSV_MALFORMED', /not well-formed CSV/],
    ['a malformed row', 'malformedDownloads', 'CSV_VALUE_INVALID', /n\/a/],
    ['a missing revenue column', 'missingColumnDownloads', 'CSV_HEADER_INVALID', /User ID/],
  ])('fails the day that gets %s, naming the problem', async (_name, fault, code, reason) => {
    const result = await scenario({ counts: { [fault]: 1 }, refreshStored: true });

    expect(failedCodes(result)).toEqual([code]);
    const failed = result.outcomes.find((outcome) => outcome.state === 'failed');
    expect(failed?.state === 'failed' && failed.error.message).toMatch(reason);
  });

  it('fails the remaining days with UPSTREAM_CREDENTIALS_REJECTED when credentials are revoked mid-sync', async () => {
    const result = await scenario({ counts: {}, revokeAfterDays: 2, refreshStored: true });

    expect(result.revoked).toBe(true);
    expect(failedCodes(result).length).toBeGreaterThan(0);
    expect(new Set(failedCodes(result))).toEqual(new Set(['UPSTREAM_CREDENTIALS_REJECTED']));
  });

  it('loses nothing under faults mixed at random (seeded; fast-check prints the seed on failure)', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
    tally.seed = seed;
    await fc.assert(
      fc.asyncProperty(faultPlans(), async (plan) => {
        await rig?.close();
        rig = await startSyncRig({ pollDeadlineMs: 400 });
        const result = count(await runFaultScenario(rig, plan));
        for (const code of failedCodes(result)) expect(FAULT_CODES).toContain(code);
      }),
      { seed, numRuns: 5 * reliabilityScale(), endOnFailure: true },
    );
  }, 120_000);
});

/** Random fault plans: every switch at once, small counts, sometimes a service fully down. */
function faultPlans(): fc.Arbitrary<FaultPlan> {
  const few = fc.integer({ min: 0, max: 3 });
  const fewOrAlways = fc.oneof({ weight: 9, arbitrary: few }, fc.constant(Infinity));
  return fc.record({
    counts: fc.record({
      tokenServerErrors: fewOrAlways,
      reportServerErrors: fewOrAlways,
      reportRateLimits: few,
      neverReadyReports: few,
      resetDownloads: few,
      truncatedDownloads: few,
      malformedDownloads: few,
      missingColumnDownloads: few,
    }),
    resetAfterBytes: fc.integer({ min: 1, max: 20_000 }),
    truncateAfterRows: fc.integer({ min: 0, max: 150 }),
    revokeAfterDays: fc.option(fc.integer({ min: 1, max: DAYS.length }), { nil: undefined }),
    urlExpiries: fc.integer({ min: 0, max: 2 }),
    refreshStored: fc.boolean(),
  });
}
