import { daysFrom } from '../support/days';
import { FLOAT_DIGITS } from '../support/expect-metrics';
import { ExpectedReports } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import { usdToNumber } from '../support/usd';

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 1500, seed: 59 };
const RANGE = { from: '2026-11-21', to: '2026-11-27' };
const DAYS = daysFrom(RANGE.from, RANGE.to);

const USER_FIELDS = `
  id advertisingIds firstSeen lastSeen
  totals { revenue impressions clicks conversions }
  inRange: totals(range: $range) { revenue impressions clicks conversions }
  daily(range: $range) { date metrics { revenue } }
  ltv(days: [0, 1, 3, 7]) { day revenue }`;

const PAGE = `query ($range: DateRange!, $first: Int) {
  topUsers(range: $range, first: $first) { edges { node { ${USER_FIELDS} } } }
}`;

const ENTITIES = `query ($representations: [_Any!]!, $range: DateRange!) {
  _entities(representations: $representations) { ... on User { ${USER_FIELDS} } }
}`;

interface UserAnswer {
  id: string;
  totals: { revenue: number; impressions: number; clicks: number; conversions: number };
  daily: unknown[];
  ltv: unknown[];
}

describe('Statements per request (no N+1)', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    await harness.execute('mutation ($range: DateRange!) { syncDays(range: $range) { state } }', {
      range: RANGE,
    });
    expected = ExpectedReports.simulate(POPULATION, DAYS);
  });
  afterAll(() => harness.close());

  /** Runs one operation and returns its data with the names of the statements it ran. */
  async function counted<T>(query: string, variables: Record<string, unknown>) {
    const names: string[] = [];
    const stop = harness.gateway.store.onStatement((event) => names.push(event.name));
    try {
      const { data, errors } = await harness.execute<T>(query, variables);
      expect(errors).toBeUndefined();
      return { data: data!, names };
    } finally {
      stop();
    }
  }

  it('resolves every User field of a 100-user page with one statement per field', async () => {
    const small = await counted<{ topUsers: { edges: { node: UserAnswer }[] } }>(PAGE, {
      range: RANGE,
      first: 2,
    });
    const page = await counted<{ topUsers: { edges: { node: UserAnswer }[] } }>(PAGE, {
      range: RANGE,
      first: 100,
    });

    expect(page.data.topUsers.edges).toHaveLength(100);
    // The ranking, the profile (ids, first and last seen), two totals, daily, ltv.
    expect(page.names.length).toBeLessThanOrEqual(6);
    expect(new Set(page.names).size).toBe(page.names.length);
    expect(page.names.sort()).toEqual(small.names.sort());
    const users = expected.userTotals(expected.days);
    for (const { node } of page.data.topUsers.edges) {
      const want = users.get(node.id)!;
      expect(node.totals.impressions).toBe(want.impressions);
      expect(node.totals.revenue).toBeCloseTo(usdToNumber(want.revenue), FLOAT_DIGITS);
      expect(node.daily.length).toBeGreaterThan(0);
      expect(node.ltv).toHaveLength(4);
    }
  });

  it('resolves a batch of 100 _entities with one statement per field', async () => {
    const ids = [...expected.userTotals(expected.days).keys()].sort().slice(0, 100);
    const representations = ids.map((id) => ({ __typename: 'User', id }));

    const batch = await counted<{ _entities: UserAnswer[] }>(ENTITIES, {
      representations,
      range: RANGE,
    });

    expect(batch.data._entities.map((user) => user.id)).toEqual(ids);
    expect(batch.names.length).toBeLessThanOrEqual(5);
    expect(new Set(batch.names).size).toBe(batch.names.length);
  });
});
