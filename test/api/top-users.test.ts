import { daysFrom } from '../support/days';
import { expectMetrics, METRICS_FIELDS, type MetricsAnswer } from '../support/expect-metrics';
import { ExpectedReports, type Filter, type Metric } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import { usdToNumber } from '../support/usd';

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 500, seed: 23 };
const WEEK = { from: '2026-11-20', to: '2026-11-26' };
const WEEK_DAYS = daysFrom(WEEK.from, WEEK.to);

const TOP_USERS = `
  query TopUsers($range: DateRange!, $orderBy: Metric, $filter: UserFilter, $first: Int) {
    topUsers(range: $range, orderBy: $orderBy, filter: $filter, first: $first) {
      totalCount
      edges { cursor node { id } metrics { ${METRICS_FIELDS} } }
      pageInfo { hasNextPage endCursor }
      coverage { loaded pending unavailable complete }
    }
  }`;

interface Connection {
  totalCount: number;
  edges: { cursor: string; node: { id: string }; metrics: MetricsAnswer }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  coverage: { loaded: string[]; pending: string[]; unavailable: string[]; complete: boolean };
}

describe('Query.topUsers', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    expected = ExpectedReports.simulate(POPULATION, WEEK_DAYS);
  });
  afterAll(() => harness.close());

  async function topUsers(variables: Record<string, unknown>): Promise<Connection> {
    const { data, errors } = await harness.execute<{ topUsers: Connection }>(TOP_USERS, {
      range: WEEK,
      ...variables,
    });
    expect(errors).toBeUndefined();
    return data!.topUsers;
  }

  /** Checks a first page against the expected ranking: order, ids, metrics, count, coverage. */
  function expectFirstPage(page: Connection, metric: Metric, filter: Filter, first: number): void {
    const ranking = expected.ranking(WEEK_DAYS, metric, filter);
    expect(page.totalCount).toBe(ranking.length);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(
      ranking.slice(0, first).map((user) => user.userId),
    );
    page.edges.forEach((edge, index) => expectMetrics(edge.metrics, ranking[index]));
    expect(page.pageInfo.hasNextPage).toBe(ranking.length > first);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  }

  it('pulls the range on demand and ranks users by revenue by default', async () => {
    const page = await topUsers({});

    expect(page.coverage).toEqual({
      loaded: WEEK_DAYS,
      pending: [],
      unavailable: [],
      complete: true,
    });
    expect(page.edges).toHaveLength(50);
    expectFirstPage(page, 'REVENUE', {}, 50);
  });

  it.each<Metric>(['REVENUE', 'IMPRESSIONS', 'CLICKS', 'CONVERSIONS', 'ACTIVE_DAYS'])(
    'ranks by %s, highest first, ties by user id',
    async (orderBy) => {
      expectFirstPage(await topUsers({ orderBy, first: 120 }), orderBy, {}, 120);
    },
  );

  it('never ranks the masked row', async () => {
    const page = await topUsers({ first: 1000 });
    const ids = page.edges.map((edge) => edge.node.id.toLowerCase());

    expect(ids).not.toContain('aggregated masked user level revenue');
    expect(page.totalCount).toBe(expected.userTotals(WEEK_DAYS).size);
  });

  it.each<[string, Filter]>([
    ['apps', { appIds: ['104512', '118871'] }],
    ['platforms in any case', { deviceOs: ['IOS'] }],
    ['countries in any case', { countries: ['us', 'De'] }],
    ['a revenue floor and ceiling', { minRevenue: 0.05, maxRevenue: 0.5 }],
    ['an impressions floor', { minImpressions: 20 }],
    ['users gone quiet', { lastSeenBefore: '2026-11-24' }],
    ['users seen lately', { lastSeenOnOrAfter: '2026-11-26' }],
    [
      'several conditions at once',
      { deviceOs: ['android'], countries: ['US', 'BR'], minImpressions: 5 },
    ],
  ])('filters by %s', async (_name, filter) => {
    const page = await topUsers({ filter, first: 1000 });

    expect(page.totalCount).toBeGreaterThan(0);
    expect(page.totalCount).toBeLessThan(expected.userTotals(WEEK_DAYS).size);
    expectFirstPage(page, 'REVENUE', filter, 1000);
  });

  it('sums exactly over the range: the edges add up to the attributed revenue', async () => {
    const page = await topUsers({ first: 1000 });
    const attributed = expected.userRows(WEEK_DAYS).reduce((sum, row) => sum + row.revenue, 0n);
    const answered = page.edges.reduce((sum, edge) => sum + edge.metrics.revenue, 0);

    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(answered).toBeCloseTo(usdToNumber(attributed), 9);
  });

  it('answers an empty page with a null endCursor when no user passes the filter', async () => {
    const page = await topUsers({ filter: { minRevenue: 1e9 } });

    expect(page).toMatchObject({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it('lists days older than the window as unavailable and ranks the rest', async () => {
    const range = { from: '2026-11-10', to: '2026-11-21' };
    const page = await topUsers({ range, first: 1000 });

    expect(page.coverage).toEqual({
      loaded: daysFrom('2026-11-16', '2026-11-21'),
      pending: [],
      unavailable: daysFrom('2026-11-10', '2026-11-15'),
      complete: false,
    });
    // Days 16-19 were not stored before: this query pulled them, and the ranking covers them.
    const stored = ExpectedReports.simulate(POPULATION, page.coverage.loaded);
    const ranking = stored.ranking(stored.days, 'REVENUE');
    expect(page.totalCount).toBe(ranking.length);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(ranking.map((user) => user.userId));
  });
});
