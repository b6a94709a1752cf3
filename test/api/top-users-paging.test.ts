import { daysFrom } from '../support/days';
import { ExpectedReports, type Filter, type Metric } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';

// Before noon on 2026-11-28: the newest pullable day is 2026-11-26; 2026-11-27 lands at 12:00.
const MORNING = '2026-11-28T11:00:00Z';
const AFTERNOON = '2026-11-28T13:00:00Z';
const POPULATION = { users: 500, seed: 5 };
const WEEK = { from: '2026-11-20', to: '2026-11-26' };
const WEEK_DAYS = daysFrom(WEEK.from, WEEK.to);
// The paged range reaches one day past what is published in the morning.
const RANGE = { from: '2026-11-20', to: '2026-11-27' };

const PAGE = `
  query Page($range: DateRange!, $orderBy: Metric, $filter: UserFilter, $first: Int, $after: String) {
    topUsers(range: $range, orderBy: $orderBy, filter: $filter, first: $first, after: $after) {
      totalCount
      edges { cursor node { id } metrics { revenue } }
      pageInfo { hasNextPage endCursor }
      coverage { loaded pending unavailable complete }
    }
  }`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string }; metrics: { revenue: number } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  coverage: { loaded: string[]; pending: string[]; unavailable: string[]; complete: boolean };
}

describe('Query.topUsers paging', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: MORNING, simulator: POPULATION });
    await harness.execute('mutation ($range: DateRange!) { syncDays(range: $range) { state } }', {
      range: WEEK,
    });
    expected = ExpectedReports.simulate(POPULATION, WEEK_DAYS);
  });
  afterAll(() => harness.close());

  async function page(variables: Record<string, unknown>): Promise<Page> {
    const { data, errors } = await harness.execute<{ topUsers: Page }>(PAGE, {
      range: RANGE,
      ...variables,
    });
    expect(errors).toBeUndefined();
    return data!.topUsers;
  }

  /** Follows endCursor to the last page; returns the ids in the order served. */
  async function allPages(
    first: number,
    orderBy: Metric,
    start?: string,
    filter?: Filter,
  ): Promise<string[]> {
    const ids: string[] = [];
    let after = start;
    for (;;) {
      const next = await page({ first, orderBy, after, filter });
      ids.push(...next.edges.map((edge) => edge.node.id));
      if (!next.pageInfo.hasNextPage) return ids;
      after = next.pageInfo.endCursor!;
    }
  }

  it.each<Metric>(['REVENUE', 'IMPRESSIONS', 'ACTIVE_DAYS'])(
    'serves pages by %s that concatenate to the full ranking',
    async (orderBy) => {
      const ids = await allPages(37, orderBy);

      expect(ids).toEqual(expected.ranking(WEEK_DAYS, orderBy).map((user) => user.userId));
    },
  );

  it('pages a filtered ranking to the end of the filtered set', async () => {
    const filter = { deviceOs: ['android'], minImpressions: 8, lastSeenOnOrAfter: '2026-11-22' };
    const ranking = expected.ranking(WEEK_DAYS, 'CLICKS', filter).map((user) => user.userId);

    const ids = await allPages(25, 'CLICKS', undefined, filter);

    expect(ranking.length).toBeGreaterThan(50);
    expect(ids).toEqual(ranking);
  });

  it('continues after any edge cursor, not only the end cursor', async () => {
    const first = await page({ first: 10, orderBy: 'IMPRESSIONS' });
    const ranking = expected.ranking(WEEK_DAYS, 'IMPRESSIONS').map((user) => user.userId);

    const next = await page({ first: 5, orderBy: 'IMPRESSIONS', after: first.edges[3].cursor });

    expect(next.edges.map((edge) => edge.node.id)).toEqual(ranking.slice(4, 9));
  });

  it('neither repeats nor skips users of the first page’s days when a new day lands', async () => {
    const ranking = expected.ranking(WEEK_DAYS, 'REVENUE').map((user) => user.userId);
    const first = await page({ first: 40 });
    expect(first.coverage).toEqual({
      loaded: WEEK_DAYS,
      pending: ['2026-11-27'],
      unavailable: [],
      complete: false,
    });
    expect(first.totalCount).toBe(ranking.length);

    // Noon passes and 2026-11-27 is stored: it changes every total and the ranking.
    harness.simulator.clock.set(AFTERNOON);
    const landed = await harness.execute<{ syncDays: { state: string }[] }>(
      'mutation { syncDays(range: { from: "2026-11-27", to: "2026-11-27" }) { state } }',
    );
    expect(landed.data?.syncDays).toEqual([{ state: 'LOADED' }]);
    const fresh = await page({ first: 40 });
    const grown = ExpectedReports.simulate(POPULATION, daysFrom(RANGE.from, RANGE.to));
    expect(fresh.coverage.loaded).toEqual(daysFrom(RANGE.from, RANGE.to));
    expect(fresh.edges.map((edge) => edge.node.id)).toEqual(
      grown
        .ranking(grown.days, 'REVENUE')
        .slice(0, 40)
        .map((user) => user.userId),
    );

    // The first page's cursor still pages the first page's snapshot.
    const second = await page({ first: 40, after: first.pageInfo.endCursor });
    expect(second.coverage.loaded).toEqual(WEEK_DAYS);
    expect(second.edges.map((edge) => edge.node.id)).toEqual(ranking.slice(40, 80));
    const rest = await allPages(40, 'REVENUE', first.pageInfo.endCursor!);
    expect([...first.edges.map((edge) => edge.node.id), ...rest]).toEqual(ranking);
  });
});
