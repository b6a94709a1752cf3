import { simulatedDay } from '../support/report-rows';
import { formatUsd } from '../support/usd';
import { startSyncRig, type SyncRig } from './sync-rig';

const POPULATION = { users: 300, seed: 1 };

/** The catalogue facts a correct load of `day` must record, from the simulator's own file. */
function fileFacts(day: string): { rows: number; revenueTotal: string } {
  const rows = simulatedDay(POPULATION, day);
  const revenue = rows.reduce((sum, row) => sum + row.revenue, 0n);
  return { rows: rows.length, revenueTotal: formatUsd(revenue) };
}

describe('ReportSync', () => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig();
  });
  afterEach(() => rig.close());

  it('pulls a day and stores exactly the file: row count and exact revenue total', async () => {
    const outcome = await rig.sync.pull('2026-03-05');

    expect(outcome.state).toBe('loaded');
    const entry = await rig.store.dayEntry('2026-03-05');
    expect(entry).toMatchObject(fileFacts('2026-03-05'));
    expect(await rig.store.syncJob('2026-03-05')).toMatchObject({ state: 'loaded', attempts: 1 });
  });

  it('makes one vendor report request for many concurrent callers of one day', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, () => rig.sync.pull('2026-03-04')),
    );

    expect(new Set(outcomes.map((outcome) => outcome.state))).toEqual(new Set(['loaded']));
    expect(rig.simulator.counters.forDay('2026-03-04').reportRequests).toBe(1);
  });

  it('leaves a stored day alone unless asked to refresh it', async () => {
    await rig.sync.pull('2026-03-03');
    await rig.sync.pull('2026-03-03');
    expect(rig.simulator.counters.forDay('2026-03-03').reportRequests).toBe(1);

    const refreshed = await rig.sync.pull('2026-03-03', { refresh: true });

    expect(refreshed.state).toBe('loaded');
    expect(rig.simulator.counters.forDay('2026-03-03').reportRequests).toBe(2);
    expect(await rig.store.dayEntry('2026-03-03')).toMatchObject(fileFacts('2026-03-03'));
  });

  it('never requests a day older than the window, nor one not yet published', async () => {
    const [gone, today, beforeNoon] = await Promise.all([
      rig.sync.pull('2026-02-25'),
      rig.sync.pull('2026-03-10'),
      rig.sync.pull('2026-03-11'),
    ]);

    expect(gone.state).toBe('unavailable');
    expect(today.state).toBe('not-yet');
    expect(beforeNoon.state).toBe('not-yet');
    expect(rig.simulator.counters.reportRequests).toBe(0);
  });

  it('answers coverage as loaded, pending and unavailable days', async () => {
    await rig.sync.pull('2026-02-27');

    expect(rig.sync.coverage({ from: '2026-02-24', to: '2026-02-28' })).toEqual({
      loaded: ['2026-02-27'],
      pending: ['2026-02-26', '2026-02-28'],
      unavailable: ['2026-02-24', '2026-02-25'],
      complete: false,
    });
  });

  it('retries vendor 500s and 429s on the report request, then loads', async () => {
    rig.simulator.faults.reportServerErrors = 2;
    rig.simulator.faults.reportRateLimits = 1;
    rig.simulator.faults.rateLimitRetryAfterSeconds = 0;

    const outcome = await rig.sync.pull('2026-03-02');

    expect(outcome.state).toBe('loaded');
    expect(rig.simulator.counters.forDay('2026-03-02').reportsCreated).toBe(1);
  });

  it('downloads again after a connection reset mid-file, without a new report request', async () => {
    rig.simulator.faults.resetDownloads = 1;
    rig.simulator.faults.resetAfterBytes = 2_000;

    const outcome = await rig.sync.pull('2026-03-01');

    expect(outcome.state).toBe('loaded');
    expect(rig.simulator.counters.forDay('2026-03-01').reportRequests).toBe(1);
    expect(await rig.store.dayEntry('2026-03-01')).toMatchObject(fileFacts('2026-03-01'));
  });

  it('requests a new report when the URL expires while the file is not ready', async () => {
    rig.simulator.faults.neverReadyReports = 1;
    const pulling = rig.sync.pull('2026-02-28');
    // Let a few polls fail, then move past the URL's three hours.
    await new Promise((resolve) => setTimeout(resolve, 100));
    rig.simulator.clock.advance(3 * 3_600_000 + 1_000);

    const outcome = await pulling;

    expect(outcome.state).toBe('loaded');
    expect(rig.simulator.counters.forDay('2026-02-28').reportsCreated).toBe(2);
  });

  it('fails a day with the reason when credentials are revoked, keeping stored days intact', async () => {
    await rig.sync.pull('2026-03-06');
    const before = await rig.store.dayEntry('2026-03-06');
    rig.simulator.revokeCredentials();

    const [failed, refreshed] = await Promise.all([
      rig.sync.pull('2026-03-07'),
      rig.sync.pull('2026-03-06', { refresh: true }),
    ]);

    expect(failed.state).toBe('failed');
    expect(failed.state === 'failed' && (failed.error as { code?: string }).code).toBe(
      'UPSTREAM_CREDENTIALS_REJECTED',
    );
    expect(refreshed.state).toBe('failed');
    expect(await rig.store.dayEntry('2026-03-06')).toEqual(before);
    expect(await rig.store.syncJob('2026-03-07')).toMatchObject({
      state: 'failed',
      errorCode: 'UPSTREAM_CREDENTIALS_REJECTED',
    });
  });

  it('keeps the previous contents of a day when its refresh brings a malformed file', async () => {
    await rig.sync.pull('2026-03-08');
    const before = await rig.store.dayEntry('2026-03-08');
    rig.simulator.faults.malformedDownloads = 1;

    const outcome = await rig.sync.pull('2026-03-08', { refresh: true });

    expect(outcome.state).toBe('failed');
    expect(outcome.state === 'failed' && outcome.error.message).toMatch(/revenue/i);
    expect(await rig.store.dayEntry('2026-03-08')).toEqual(before);
    const [count] = await rig.store.all<{ rows: number }>(
      'count_day_rows',
      `SELECT count(*) AS rows FROM user_day WHERE report_day = '2026-03-08'`,
    );
    expect(count.rows).toBe(fileFacts('2026-03-08').rows);
  });

  it('fails a day whose file never becomes ready within the poll deadline', async () => {
    await rig.close();
    rig = await startSyncRig({ pollDeadlineMs: 150 });
    rig.simulator.faults.neverReadyReports = 1;

    const outcome = await rig.sync.pull('2026-03-09');

    expect(outcome.state).toBe('failed');
    expect(outcome.state === 'failed' && (outcome.error as { code?: string }).code).toBe(
      'UPSTREAM_REPORT_NOT_READY',
    );
  });

  it('waits for missing days within a budget and reports the rest as pending', async () => {
    rig.simulator.faults.slowReports = 1;
    rig.simulator.faults.slowReadyMs = 1_500;

    const quick = await rig.sync.ensure({ from: '2026-03-05', to: '2026-03-05' }, 50);
    expect(quick.coverage.pending).toEqual(['2026-03-05']);

    const patient = await rig.sync.ensure({ from: '2026-03-05', to: '2026-03-05' }, 10_000);
    expect(patient.coverage.loaded).toEqual(['2026-03-05']);
    expect(rig.simulator.counters.forDay('2026-03-05').reportRequests).toBe(1);
  });

  it('resumes a stopped pull by polling the saved URL, with no second report request', async () => {
    rig.simulator.faults.slowReports = 1;
    rig.simulator.faults.slowReadyMs = 800;
    const first = rig.sync.pull('2026-02-26');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await rig.sync.close();
    expect((await first).state).toBe('failed');
    expect(await rig.store.syncJob('2026-02-26')).toMatchObject({ state: 'polling' });

    const restarted = await rig.restart();
    await restarted.resume();
    const outcome = await restarted.pull('2026-02-26');

    expect(outcome.state).toBe('loaded');
    expect(rig.simulator.counters.forDay('2026-02-26').reportRequests).toBe(1);
    expect(await rig.store.dayEntry('2026-02-26')).toMatchObject(fileFacts('2026-02-26'));
  });
});
