import { daysFrom } from '../support/days';
import { FLOAT_DIGITS } from '../support/expect-metrics';
import { ExpectedReports } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import { usdToNumber } from '../support/usd';

// Noon has passed on 2026-11-28: 2026-11-16..27 are pullable, older days are gone upstream.
const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 300, seed: 41 };

const COVERAGE = `query ($range: DateRange!) {
  coverage(range: $range) { loaded pending unavailable complete }
}`;
const REVENUE = `query ($range: DateRange!) {
  revenue(range: $range) {
    totals { revenue }
    coverage { loaded pending unavailable complete }
  }
}`;

interface Coverage {
  loaded: string[];
  pending: string[];
  unavailable: string[];
  complete: boolean;
}

let harness: GatewayHarness;

beforeAll(async () => {
  // Files take a moment to be ready, as the vendor's do; the budget (20 s) covers it.
  harness = await startHarness({ now: NOW, simulator: { ...POPULATION, readyAfterMs: 150 } });
});
afterAll(() => harness.close());

describe('Query.coverage', () => {
  it('sorts days into loaded, pending and unavailable, and pulls nothing', async () => {
    const { data } = await harness.execute<{ coverage: Coverage }>(COVERAGE, {
      range: { from: '2026-11-10', to: '2026-11-29' },
    });

    expect(data!.coverage).toEqual({
      loaded: [],
      pending: daysFrom('2026-11-16', '2026-11-29'),
      unavailable: daysFrom('2026-11-10', '2026-11-15'),
      complete: false,
    });
    expect(harness.simulator.counters.reportRequests).toBe(0);
  });
});

// Query.revenue stands for every answer that reads days: they all go through the same coverage.
describe('Coverage of answers that read days', () => {
  async function revenue(range: { from: string; to: string }) {
    const { data, errors } = await harness.execute<{
      revenue: { totals: { revenue: number }; coverage: Coverage };
    }>(REVENUE, { range });
    expect(errors).toBeUndefined();
    return data!.revenue;
  }

  it('pulls the missing pullable days of a query within the budget, once each', async () => {
    const range = { from: '2026-11-24', to: '2026-11-26' };
    const days = daysFrom(range.from, range.to);
    const expected = ExpectedReports.simulate(POPULATION, days);
    const fileTotal = days.reduce((sum, day) => sum + expected.fileTotal(day), 0n);

    const answer = await revenue(range);
    const again = await revenue(range);

    expect(answer.coverage).toEqual({ loaded: days, pending: [], unavailable: [], complete: true });
    expect(answer.totals.revenue).toBeCloseTo(usdToNumber(fileTotal), FLOAT_DIGITS);
    expect(again).toEqual(answer);
    expect(harness.simulator.counters.daysAsked()).toEqual(days);
    for (const day of days) {
      expect(harness.simulator.counters.forDay(day).reportsCreated).toBe(1);
    }
  });

  it('lists days not published yet as pending and answers with the rest', async () => {
    const answer = await revenue({ from: '2026-11-26', to: '2026-11-29' });
    const expected = ExpectedReports.simulate(POPULATION, ['2026-11-26', '2026-11-27']);
    const fileTotal = expected.fileTotal('2026-11-26') + expected.fileTotal('2026-11-27');

    expect(answer.coverage).toEqual({
      loaded: ['2026-11-26', '2026-11-27'],
      pending: ['2026-11-28', '2026-11-29'],
      unavailable: [],
      complete: false,
    });
    expect(answer.totals.revenue).toBeCloseTo(usdToNumber(fileTotal), FLOAT_DIGITS);
  });

  it('lists days gone upstream and never stored as unavailable, not as an error', async () => {
    const answer = await revenue({ from: '2026-11-01', to: '2026-11-03' });

    expect(answer).toEqual({
      totals: { revenue: 0 },
      coverage: {
        loaded: [],
        pending: [],
        unavailable: ['2026-11-01', '2026-11-02', '2026-11-03'],
        complete: false,
      },
    });
  });

  it('keeps answering from stored days after they leave the vendor window', async () => {
    const stored = daysFrom('2026-11-24', '2026-11-27');
    const expected = ExpectedReports.simulate(POPULATION, stored);
    const fileTotal = stored.reduce((sum, day) => sum + expected.fileTotal(day), 0n);
    const requestsBefore = harness.simulator.counters.reportRequests;

    // Twenty days later every day of the range is older than the window.
    harness.simulator.clock.set('2026-12-18T13:00:00Z');
    const answer = await revenue({ from: '2026-11-20', to: '2026-11-27' });

    expect(answer.coverage).toEqual({
      loaded: stored,
      pending: [],
      unavailable: daysFrom('2026-11-20', '2026-11-23'),
      complete: false,
    });
    expect(answer.totals.revenue).toBeCloseTo(usdToNumber(fileTotal), FLOAT_DIGITS);
    expect(harness.simulator.counters.reportRequests).toBe(requestsBefore);
  });
});
