import { ExpectedReports } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';

// Noon has passed on 2026-11-28: 2026-11-16..27 are pullable, older days are gone upstream.
const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 300, seed: 53 };

const SYNC_DAYS = `mutation ($range: DateRange!, $refresh: Boolean) {
  syncDays(range: $range, refresh: $refresh) { date state rows loadedAt message }
}`;

interface DayStatus {
  date: string;
  state: 'LOADED' | 'PENDING' | 'FAILED' | 'UNAVAILABLE';
  rows: number | null;
  loadedAt: string | null;
  message: string | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('Mutation.syncDays', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
  });
  afterAll(() => harness.close());

  async function syncDays(from: string, to: string, refresh?: boolean): Promise<DayStatus[]> {
    const { data, errors } = await harness.execute<{ syncDays: DayStatus[] }>(SYNC_DAYS, {
      range: { from, to },
      refresh,
    });
    expect(errors).toBeUndefined();
    return data!.syncDays;
  }

  it('stores each pullable day and says how many rows its file had', async () => {
    const days = ['2026-11-26', '2026-11-27'];
    const expected = ExpectedReports.simulate(POPULATION, days);

    const statuses = await syncDays('2026-11-26', '2026-11-27');

    expect(statuses).toHaveLength(2);
    statuses.forEach((status, index) => {
      expect(status).toMatchObject({ date: days[index], state: 'LOADED', message: null });
      // Every line of the file, the masked row included.
      expect(status.rows).toBe(expected.rows([days[index]]).length);
      expect(status.loadedAt).toMatch(ISO_INSTANT);
    });
  });

  it('answers UNAVAILABLE for days gone upstream and PENDING for days not published yet', async () => {
    const statuses = await syncDays('2026-11-15', '2026-11-15');
    const future = await syncDays('2026-11-28', '2026-11-29');

    expect(statuses).toEqual([
      { date: '2026-11-15', state: 'UNAVAILABLE', rows: null, loadedAt: null, message: null },
    ]);
    expect(future.map(({ date, state, rows }) => ({ date, state, rows }))).toEqual([
      { date: '2026-11-28', state: 'PENDING', rows: null },
      { date: '2026-11-29', state: 'PENDING', rows: null },
    ]);
    future.forEach((status) => expect(status.message).toMatch(/not published/i));
  });

  it('pulls a stored day again only when asked to refresh it', async () => {
    const before = harness.simulator.counters.forDay('2026-11-27').reportsCreated;

    await syncDays('2026-11-27', '2026-11-27');
    const afterPlain = harness.simulator.counters.forDay('2026-11-27').reportsCreated;
    const [refreshed] = await syncDays('2026-11-27', '2026-11-27', true);

    expect(afterPlain).toBe(before);
    expect(harness.simulator.counters.forDay('2026-11-27').reportsCreated).toBe(before + 1);
    expect(refreshed.state).toBe('LOADED');
  });

  it('answers FAILED with the reason when the vendor refuses, LOADED for a stored day', async () => {
    harness.simulator.revokeCredentials();
    try {
      const [missing] = await syncDays('2026-11-25', '2026-11-25');
      const [stored] = await syncDays('2026-11-26', '2026-11-26', true);

      expect(missing).toMatchObject({ state: 'FAILED', rows: null, loadedAt: null });
      expect(missing.message).toMatch(/credentials/i);
      expect(missing.message).not.toContain('simulator-secret');
      expect(stored.state).toBe('LOADED');
      expect(stored.rows).toBeGreaterThan(0);
      expect(stored.message).toMatch(/credentials/i);
    } finally {
      harness.simulator.restoreCredentials();
    }
  });

  it('answers LOADED for stored days after they leave the vendor window, UNAVAILABLE for the rest', async () => {
    harness.simulator.clock.set('2026-12-18T13:00:00Z');
    const requestsBefore = harness.simulator.counters.reportRequests;

    const statuses = await syncDays('2026-11-25', '2026-11-27');

    expect(statuses.map(({ date, state }) => ({ date, state }))).toEqual([
      { date: '2026-11-25', state: 'UNAVAILABLE' },
      { date: '2026-11-26', state: 'LOADED' },
      { date: '2026-11-27', state: 'LOADED' },
    ]);
    expect(statuses[1].rows).toBeGreaterThan(0);
    expect(harness.simulator.counters.reportRequests).toBe(requestsBefore);
  });
});
