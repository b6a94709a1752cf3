import { daysFrom } from '../support/days';
import { FLOAT_DIGITS } from '../support/expect-metrics';
import { ExpectedReports } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import { usdToNumber } from '../support/usd';

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 700, seed: 29 };
const RANGE = { from: '2026-11-22', to: '2026-11-27' };
const DAYS = daysFrom(RANGE.from, RANGE.to);
// Binary fractions, so that p × users is exact and the nearest rank is unambiguous.
const QUANTILES = [0.5, 0, 1, 0.25, 0.875];
const TOP_SHARES = [1, 10, 50, 100, 0.1];

const DISTRIBUTION = `
  query Distribution($range: DateRange!, $quantiles: [Float!]!, $topShares: [Float!]) {
    revenueDistribution(range: $range, quantiles: $quantiles, topShares: $topShares) {
      users
      quantiles { p revenue }
      topShares { percent share }
      coverage { loaded pending unavailable complete }
    }
  }`;

interface Distribution {
  users: number;
  quantiles: { p: number; revenue: number }[];
  topShares: { percent: number; share: number }[];
  coverage: { loaded: string[]; pending: string[]; unavailable: string[]; complete: boolean };
}

describe('Query.revenueDistribution', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    expected = ExpectedReports.simulate(POPULATION, DAYS);
  });
  afterAll(() => harness.close());

  async function distribution(variables: Record<string, unknown>): Promise<Distribution> {
    const { data, errors } = await harness.execute<{ revenueDistribution: Distribution }>(
      DISTRIBUTION,
      { range: RANGE, ...variables },
    );
    expect(errors).toBeUndefined();
    return data!.revenueDistribution;
  }

  /** Per-user revenue over the range, lowest first. */
  function revenues(): bigint[] {
    return [...expected.userTotals(DAYS).values()]
      .map((user) => user.revenue)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  it('counts the users active in the range, never the masked row', async () => {
    const answer = await distribution({ quantiles: [] });

    expect(answer.coverage).toEqual({ loaded: DAYS, pending: [], unavailable: [], complete: true });
    expect(answer.users).toBe(expected.userTotals(DAYS).size);
    expect(answer.quantiles).toEqual([]);
    expect(answer.topShares).toEqual([]);
  });

  it('answers each quantile as the revenue of the user at its nearest rank, in the order asked', async () => {
    const answer = await distribution({ quantiles: QUANTILES });
    const sorted = revenues();

    expect(answer.quantiles.map((quantile) => quantile.p)).toEqual(QUANTILES);
    answer.quantiles.forEach(({ p, revenue }) => {
      // Nearest rank: the smallest value with at least p of the users at or below it.
      const rank = Math.max(1, Math.ceil(p * sorted.length));
      expect(revenue).toBeCloseTo(usdToNumber(sorted[rank - 1]), FLOAT_DIGITS);
    });
  });

  it('answers the share of revenue earned by the top x % of users, in the order asked', async () => {
    const answer = await distribution({ quantiles: [0.5], topShares: TOP_SHARES });
    const descending = revenues().reverse();
    const total = descending.reduce((sum, revenue) => sum + revenue, 0n);

    expect(answer.topShares.map((share) => share.percent)).toEqual(TOP_SHARES);
    answer.topShares.forEach(({ percent, share }) => {
      const top = Math.max(1, Math.ceil((descending.length * percent) / 100));
      const earned = descending.slice(0, top).reduce((sum, revenue) => sum + revenue, 0n);
      expect(share).toBeCloseTo(usdToNumber(earned) / usdToNumber(total), FLOAT_DIGITS);
    });
    expect(answer.topShares.find((share) => share.percent === 100)!.share).toBeCloseTo(1, 12);
  });

  it('answers zero users and zero values over days no one was active', async () => {
    const answer = await distribution({
      range: { from: '2026-10-01', to: '2026-10-03' },
      quantiles: [0.5],
      topShares: [10],
    });

    expect(answer).toEqual({
      users: 0,
      quantiles: [{ p: 0.5, revenue: 0 }],
      topShares: [{ percent: 10, share: 0 }],
      coverage: {
        loaded: [],
        pending: [],
        unavailable: ['2026-10-01', '2026-10-02', '2026-10-03'],
        complete: false,
      },
    });
  });
});
