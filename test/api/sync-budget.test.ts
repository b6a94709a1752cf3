import { performance } from 'node:perf_hooks';

import { daysFrom } from '../support/days';
import { ExpectedReports } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 300, seed: 43 };
// Two days: the sync pulls two at once (LTV_SYNC_CONCURRENCY), so both start at the first query.
const RANGE = { from: '2026-11-26', to: '2026-11-27' };
const DAYS = daysFrom(RANGE.from, RANGE.to);
// The vendor's files take far longer to be ready than a query may wait for them.
const READY_AFTER_MS = 1500;
const BUDGET_MS = 100;

const TOP_USERS = `query ($range: DateRange!) {
  topUsers(range: $range, first: 1000) {
    totalCount
    edges { node { id } }
    coverage { loaded pending unavailable complete }
  }
}`;

interface Connection {
  totalCount: number;
  edges: { node: { id: string } }[];
  coverage: { loaded: string[]; pending: string[]; unavailable: string[]; complete: boolean };
}

describe('The query sync budget (LTV_QUERY_SYNC_BUDGET_MS)', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startHarness({
      now: NOW,
      simulator: { ...POPULATION, readyAfterMs: READY_AFTER_MS },
      env: { LTV_QUERY_SYNC_BUDGET_MS: String(BUDGET_MS) },
    });
  });
  afterAll(() => harness.close());

  async function topUsers(): Promise<Connection> {
    const { data, errors } = await harness.execute<{ topUsers: Connection }>(TOP_USERS, {
      range: RANGE,
    });
    expect(errors).toBeUndefined();
    return data!.topUsers;
  }

  it('answers with the days still being pulled as pending once the budget runs out', async () => {
    const started = performance.now();
    const answer = await topUsers();
    const elapsedMs = performance.now() - started;

    expect(elapsedMs).toBeLessThan(READY_AFTER_MS - 500);
    expect(answer).toEqual({
      totalCount: 0,
      edges: [],
      coverage: { loaded: [], pending: DAYS, unavailable: [], complete: false },
    });
  });

  it('answers a later query with the same days pending while their pulls run', async () => {
    const answer = await topUsers();

    expect(answer.coverage).toEqual({
      loaded: [],
      pending: DAYS,
      unavailable: [],
      complete: false,
    });
  });

  it('answers from the days once their pulls finish, each pulled once for every caller', async () => {
    const synced = await harness.execute<{ syncDays: { date: string; state: string }[] }>(
      'mutation ($range: DateRange!) { syncDays(range: $range) { date state } }',
      { range: RANGE },
    );
    const answer = await topUsers();
    const expected = ExpectedReports.simulate(POPULATION, DAYS);

    expect(synced.data?.syncDays).toEqual(DAYS.map((date) => ({ date, state: 'LOADED' })));
    expect(answer.coverage).toEqual({ loaded: DAYS, pending: [], unavailable: [], complete: true });
    expect(answer.edges.map((edge) => edge.node.id)).toEqual(
      expected.ranking(DAYS, 'REVENUE').map((user) => user.userId),
    );
    for (const day of DAYS) {
      expect(harness.simulator.counters.forDay(day).reportRequests).toBe(1);
    }
  });
});
