import { startHarness, type GatewayHarness } from '../support/gateway-harness';

const NOW = '2026-11-28T13:00:00Z';
const MAX_RANGE_DAYS = 31;
const MAX_PAGE_SIZE = 200;
const WEEK = { from: '2026-11-21', to: '2026-11-27' };
const BACKWARDS = { from: '2026-11-27', to: '2026-11-21' };
const TOO_LONG = { from: '2026-10-01', to: '2026-11-01' };

const TOP_USERS = `query ($range: DateRange!, $orderBy: Metric, $filter: UserFilter, $first: Int, $after: String) {
  topUsers(range: $range, orderBy: $orderBy, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { endCursor }
  }
}`;

interface Failure {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

let harness: GatewayHarness;
/** A user with stored rows, so that its field arguments get checked. */
let userId: string;

beforeAll(async () => {
  harness = await startHarness({
    now: NOW,
    simulator: { users: 300, seed: 61 },
    env: { LTV_MAX_RANGE_DAYS: String(MAX_RANGE_DAYS), LTV_MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) },
  });
  await harness.execute('mutation ($range: DateRange!) { syncDays(range: $range) { state } }', {
    range: WEEK,
  });
  const top = await harness.execute<{ topUsers: { edges: { node: { id: string } }[] } }>(
    'query ($range: DateRange!) { topUsers(range: $range, first: 1) { edges { node { id } } } }',
    { range: WEEK },
  );
  userId = top.data!.topUsers.edges[0].node.id;
});
afterAll(() => harness.close());

/** Runs a document that must fail with one BAD_USER_INPUT error whose message names `name`. */
async function expectBadInput(
  query: string,
  variables: Record<string, unknown>,
  name: string | RegExp,
): Promise<string> {
  const answer: Failure = await harness.execute(query, variables);

  expect(answer.errors).toHaveLength(1);
  const [error] = answer.errors!;
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error.message).toMatch(typeof name === 'string' ? new RegExp(`\\b${name}\\b`) : name);
  return error.message;
}

describe('Date range arguments', () => {
  it.each([
    ['topUsers', 'topUsers(range: $range) { totalCount }'],
    ['revenue', 'revenue(range: $range) { unattributedRevenue }'],
    ['revenueDistribution', 'revenueDistribution(range: $range, quantiles: [0.5]) { users }'],
    ['coverage', 'coverage(range: $range) { complete }'],
    ['User.totals', 'user(id: $id) { totals(range: $range) { revenue } }'],
    ['User.daily', 'user(id: $id) { daily(range: $range) { date } }'],
  ])('%s refuses a range whose to is before its from', async (_field, selection) => {
    const message = await expectBadInput(
      `query ($range: DateRange!${selection.includes('$id') ? ', $id: ID!' : ''}) { ${selection} }`,
      selection.includes('$id') ? { range: BACKWARDS, id: userId } : { range: BACKWARDS },
      'range',
    );
    expect(message).toContain(BACKWARDS.from);
    expect(message).toContain(BACKWARDS.to);
  });

  it('refuses a range longer than LTV_MAX_RANGE_DAYS, saying the limit', async () => {
    const message = await expectBadInput(TOP_USERS, { range: TOO_LONG }, 'range');

    expect(message).toContain(String(MAX_RANGE_DAYS));
  });

  it('refuses a backwards or too long firstSeen range of Query.cohorts', async () => {
    const cohorts = 'query ($r: DateRange!) { cohorts(firstSeen: $r, days: [0]) { users } }';

    await expectBadInput(cohorts, { r: BACKWARDS }, 'firstSeen');
    await expectBadInput(cohorts, { r: TOO_LONG }, 'firstSeen');
  });
});

describe('Date literals and variables', () => {
  it.each(['2026-13-01', '2026-02-30', '2026-11-28T00:00:00Z', '28/11/2026', ''])(
    'refuses the variable value %p, naming where it was',
    async (from) => {
      await expectBadInput(TOP_USERS, { range: { from, to: '2026-11-27' } }, /range\.from/);
    },
  );

  it.each(['"2026-13-01"', '"2026-1-5"', '20261101'])(
    'refuses the literal %s, naming the argument',
    async (literal) => {
      await expectBadInput(
        `query { topUsers(range: { from: ${literal}, to: "2026-11-27" }) { totalCount } }`,
        {},
        /range\.from/,
      );
    },
  );

  it('refuses a malformed day inside a filter, naming the field', async () => {
    await expectBadInput(
      `query { topUsers(range: { from: "2026-11-21", to: "2026-11-27" }, filter: { lastSeenBefore: "soon" }) { totalCount } }`,
      {},
      /filter\.lastSeenBefore/,
    );
  });
});

describe('Query.topUsers arguments', () => {
  it.each([0, -1, MAX_PAGE_SIZE + 1])(
    'refuses first: %p, saying what is allowed',
    async (first) => {
      const message = await expectBadInput(TOP_USERS, { range: WEEK, first }, 'first');

      expect(message).toContain(String(MAX_PAGE_SIZE));
    },
  );

  it.each([
    ['garbled text', 'not a cursor'],
    ['base64 of something else', Buffer.from('{"hello":"world"}').toString('base64url')],
    ['an empty string', ''],
  ])('refuses an unknown cursor: %s', async (_name, after) => {
    await expectBadInput(TOP_USERS, { range: WEEK, after }, 'after');
  });

  it('refuses a cursor reused with another range, order or filter', async () => {
    const first = await harness.execute<{ topUsers: { pageInfo: { endCursor: string } } }>(
      TOP_USERS,
      { range: WEEK, first: 5 },
    );
    const after = first.data!.topUsers.pageInfo.endCursor;
    expect(after).toEqual(expect.any(String));

    await expectBadInput(TOP_USERS, { range: { ...WEEK, to: '2026-11-26' }, after }, 'after');
    await expectBadInput(TOP_USERS, { range: WEEK, orderBy: 'CLICKS', after }, 'after');
    await expectBadInput(TOP_USERS, { range: WEEK, filter: { deviceOs: ['ios'] }, after }, 'after');
  });

  it('accepts the same cursor with the same arguments and another page size', async () => {
    const first = await harness.execute<{ topUsers: { pageInfo: { endCursor: string } } }>(
      TOP_USERS,
      { range: WEEK, first: 5 },
    );
    const next: Failure = await harness.execute(TOP_USERS, {
      range: WEEK,
      first: 7,
      after: first.data!.topUsers.pageInfo.endCursor,
    });

    expect(next.errors).toBeUndefined();
  });
});

describe('UserFilter validation', () => {
  it.each([{ countries: ['USA'] }, { countries: ['U'] }, { countries: ['US', 'GBR'] }])(
    'refuses countries $countries, naming the argument and field',
    async ({ countries }) => {
      const message = await expectBadInput(
        TOP_USERS,
        { range: WEEK, filter: { countries } },
        /filter\.countries/,
      );

      expect(message).toMatch(/alpha-2/);
    },
  );

  it.each([
    ['Query.revenue', 'revenue(range: $range, filter: $filter) { unattributedRevenue }'],
    ['Query.cohorts', 'cohorts(firstSeen: $range, days: [0], filter: $filter) { users }'],
  ])('%s checks its filter too', async (_name, selection) => {
    await expectBadInput(
      `query ($range: DateRange!, $filter: UserFilter) { ${selection} }`,
      { range: WEEK, filter: { countries: ['USA'] } },
      /filter\.countries/,
    );
  });

  it('refuses a negative revenue threshold', async () => {
    await expectBadInput(
      TOP_USERS,
      { range: WEEK, filter: { minRevenue: -1 } },
      /filter\.minRevenue/,
    );
  });
});

describe('Query.revenueDistribution arguments', () => {
  const distribution = `query ($quantiles: [Float!]!, $topShares: [Float!]) {
    revenueDistribution(range: { from: "2026-11-21", to: "2026-11-27" }, quantiles: $quantiles, topShares: $topShares) { users }
  }`;

  it.each([-0.1, 1.5])('refuses the quantile %p', async (p) => {
    const message = await expectBadInput(distribution, { quantiles: [0.5, p] }, 'quantiles');

    expect(message).toContain(String(p));
  });

  it.each([0, -5, 100.5])('refuses the top share %p percent', async (percent) => {
    const message = await expectBadInput(
      distribution,
      { quantiles: [0.5], topShares: [10, percent] },
      'topShares',
    );

    expect(message).toContain(String(percent));
  });

  it('accepts the edges 0 and 1 of quantiles and 100 of top shares', async () => {
    const answer: Failure = await harness.execute(distribution, {
      quantiles: [0, 1],
      topShares: [100],
    });

    expect(answer.errors).toBeUndefined();
  });
});

describe('LTV ages', () => {
  it('refuses a negative age of User.ltv', async () => {
    const message = await expectBadInput(
      'query ($id: ID!) { user(id: $id) { ltv(days: [0, -1]) { day } } }',
      { id: userId },
      'days',
    );

    expect(message).toContain('-1');
  });

  it('refuses a negative age of Query.cohorts', async () => {
    await expectBadInput(
      'query { cohorts(firstSeen: { from: "2026-11-21", to: "2026-11-27" }, days: [-3]) { users } }',
      {},
      'days',
    );
  });
});
