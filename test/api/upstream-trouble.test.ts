import { daysFrom } from '../support/days';
import { FLOAT_DIGITS } from '../support/expect-metrics';
import { ExpectedReports } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import { usdToNumber } from '../support/usd';

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 300, seed: 47 };
const STORED = { from: '2026-11-20', to: '2026-11-22' };

const REVENUE = `query ($range: DateRange!) {
  revenue(range: $range) {
    totals { revenue }
    coverage { loaded pending unavailable complete }
  }
}`;

interface Answer {
  data?: { revenue: { totals: { revenue: number }; coverage: Record<string, unknown> } } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

describe('Vendor trouble while answering', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
  });
  afterAll(() => harness.close());

  function revenue(range: { from: string; to: string }): Promise<Answer> {
    return harness.execute(REVENUE, { range }) as Promise<Answer>;
  }

  it('answers UPSTREAM_CREDENTIALS_REJECTED when the vendor refuses and nothing is stored', async () => {
    harness.simulator.revokeCredentials();
    const answer = await revenue({ from: '2026-11-25', to: '2026-11-27' });

    expect(answer.data).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions?.code).toBe('UPSTREAM_CREDENTIALS_REJECTED');
    expect(answer.errors![0].message).toMatch(/credentials/);
    expect(JSON.stringify(answer)).not.toContain('simulator-secret');
  });

  it('answers from the stored days, with the rest pending, when the vendor refuses', async () => {
    harness.simulator.restoreCredentials();
    await harness.execute('mutation ($range: DateRange!) { syncDays(range: $range) { state } }', {
      range: STORED,
    });
    harness.simulator.revokeCredentials();
    const stored = daysFrom(STORED.from, STORED.to);
    const expected = ExpectedReports.simulate(POPULATION, stored);
    const fileTotal = stored.reduce((sum, day) => sum + expected.fileTotal(day), 0n);

    const answer = await revenue({ from: '2026-11-20', to: '2026-11-27' });

    expect(answer.errors).toBeUndefined();
    expect(answer.data!.revenue.coverage).toEqual({
      loaded: stored,
      pending: daysFrom('2026-11-23', '2026-11-27'),
      unavailable: [],
      complete: false,
    });
    expect(answer.data!.revenue.totals.revenue).toBeCloseTo(usdToNumber(fileTotal), FLOAT_DIGITS);
  });

  it('answers UPSTREAM_UNAVAILABLE when the vendor keeps failing and nothing is stored', async () => {
    harness.simulator.restoreCredentials();
    harness.simulator.faults.reportServerErrors = Infinity;
    try {
      // 2026-11-16..19 were never asked for, so no earlier failure holds them back.
      const answer = await revenue({ from: '2026-11-16', to: '2026-11-19' });

      expect(answer.data).toBeNull();
      expect(answer.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      harness.simulator.faults.clear();
    }
  });
});
