import { startHarness, type GatewayHarness } from '../support/gateway-harness';

const NOW = '2026-11-28T13:00:00Z';
const DAY = { from: '2026-11-27', to: '2026-11-27' };
const TEN_DAYS = { from: '2026-11-18', to: '2026-11-27' };
const LIMITS = {
  LTV_MAX_DEPTH: '5',
  LTV_MAX_ALIASES: '2',
  LTV_MAX_COST: '4000',
  LTV_MAX_RANGE_DAYS: '30',
  LTV_MAX_PAGE_SIZE: '100',
  LTV_MAX_TOKENS: '200',
};

type Answer = Awaited<ReturnType<GatewayHarness['execute']>>;

describe('operation limits', () => {
  let harness: GatewayHarness;
  let statements = 0;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, env: LIMITS });
    // Store the days first, so later statements come only from the operations under test.
    const pulled = await harness.execute(
      'mutation ($range: DateRange!) { syncDays(range: $range) { date } }',
      {
        range: TEN_DAYS,
      },
    );
    expect(pulled.errors).toBeUndefined();
    harness.gateway.store.onStatement(() => statements++);
  });
  afterAll(() => harness.close());

  /** Runs an operation and counts the SQL statements it caused. */
  async function run(query: string, variables?: Record<string, unknown>) {
    const before = statements;
    const answer = await harness.execute(query, variables);
    return { answer, statements: statements - before };
  }

  function expectRefused(answer: Answer, extensions: Record<string, unknown>) {
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      ...extensions,
    });
  }

  describe('depth (LTV_MAX_DEPTH=5)', () => {
    it('runs an operation 5 fields deep', async () => {
      const { answer } = await run(
        'query ($day: DateRange!) { topUsers(range: $day, first: 1) { edges { node { totals(range: $day) { revenue } } } } }',
        { day: DAY },
      );

      expect(answer.errors).toBeUndefined();
    });

    it('refuses an operation 6 fields deep before any SQL runs', async () => {
      const { answer, statements: ran } = await run(
        'query ($day: DateRange!) { topUsers(range: $day, first: 1) { edges { node { daily(range: $day) { metrics { revenue } } } } } }',
        { day: DAY },
      );

      expectRefused(answer, { limit: 'depth', measured: 6, maximum: 5 });
      expect(answer.errors![0].message).toBe(
        "The operation's depth is 6, over the limit of 5; select fewer nested levels.",
      );
      expect(ran).toBe(0);
    });

    it('counts the depth inside fragments', async () => {
      const { answer } = await run(
        `query ($day: DateRange!) { topUsers(range: $day, first: 1) { ...Edges } }
         fragment Edges on UserConnection { edges { node { daily(range: $day) { metrics { revenue } } } } }`,
        { day: DAY },
      );

      expectRefused(answer, { limit: 'depth', measured: 6, maximum: 5 });
    });
  });

  describe('aliases (LTV_MAX_ALIASES=2)', () => {
    const covering = (aliases: string[]) =>
      `query ($day: DateRange!) { ${aliases.map((alias) => `${alias}: coverage(range: $day) { complete }`).join(' ')} }`;

    it('runs an operation with 2 aliases', async () => {
      const { answer } = await run(covering(['a', 'b']), { day: DAY });

      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ a: { complete: true }, b: { complete: true } });
    });

    it('refuses an operation with 3 aliases before any SQL runs', async () => {
      const { answer, statements: ran } = await run(covering(['a', 'b', 'c']), { day: DAY });

      expectRefused(answer, { limit: 'aliases', measured: 3, maximum: 2 });
      expect(ran).toBe(0);
    });
  });

  describe('cost (LTV_MAX_COST=4000)', () => {
    // 4 fields × 10 days × `first` rows.
    const RANKING =
      'query ($range: DateRange!, $first: Int) { topUsers(range: $range, first: $first) { edges { node { id } } } }';

    it('runs an operation costing exactly the limit', async () => {
      const { answer } = await run(RANKING, { range: TEN_DAYS, first: 100 });

      expect(answer.errors).toBeUndefined();
      expect((answer.data as { topUsers: { edges: unknown[] } }).topUsers.edges).toHaveLength(100);
    });

    it('refuses an operation costing one row more before any SQL runs', async () => {
      const { answer, statements: ran } = await run(RANKING, { range: TEN_DAYS, first: 101 });

      expectRefused(answer, { limit: 'cost', measured: 4 * 10 * 101, maximum: 4000 });
      expect(answer.errors![0].message).toMatch(
        /^The operation's cost is 4040, over the limit of 4000; ask for a shorter date range/,
      );
      expect(ran).toBe(0);
    });

    it('measures the same operation again for other variables, however often it was run', async () => {
      // The measure of an operation is kept per set of variables (operation-limits-plugin.ts).
      for (const first of [100, 101, 100, 101, 1, 101]) {
        const { answer } = await run(RANKING, { range: TEN_DAYS, first });
        if (first > 100) expectRefused(answer, { limit: 'cost', measured: 4 * 10 * first });
        else expect(answer.errors).toBeUndefined();
      }
    });
  });

  describe('date range (LTV_MAX_RANGE_DAYS=30)', () => {
    const COVERAGE = 'query ($range: DateRange!) { coverage(range: $range) { loaded } }';

    it('answers a range of 30 days', async () => {
      const { answer } = await run(COVERAGE, { range: { from: '2026-10-29', to: '2026-11-27' } });

      expect(answer.errors).toBeUndefined();
    });

    it('refuses a range of 31 days with BAD_USER_INPUT before any SQL runs', async () => {
      const { answer, statements: ran } = await run(COVERAGE, {
        range: { from: '2026-10-28', to: '2026-11-27' },
      });

      expect(answer.errors?.[0]).toMatchObject({
        message: 'range spans 31 days (2026-10-28 to 2026-11-27); at most 30 days are allowed.',
        extensions: { code: 'BAD_USER_INPUT', argument: 'range' },
      });
      expect(ran).toBe(0);
    });
  });

  describe('page size (LTV_MAX_PAGE_SIZE=100)', () => {
    const PAGE =
      'query ($day: DateRange!, $first: Int) { topUsers(range: $day, first: $first) { totalCount } }';

    it('answers a page of 100', async () => {
      const { answer } = await run(PAGE, { day: DAY, first: 100 });

      expect(answer.errors).toBeUndefined();
    });

    it('refuses a page of 101 with BAD_USER_INPUT before any SQL runs', async () => {
      const { answer, statements: ran } = await run(PAGE, { day: DAY, first: 101 });

      expect(answer.errors?.[0]).toMatchObject({
        message: 'first is 101; it must be a whole number from 1 to 100.',
        extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
      });
      expect(ran).toBe(0);
    });
  });

  describe('document tokens (LTV_MAX_TOKENS=200)', () => {
    // Braces plus one token per field: n + 2 tokens.
    const typenames = (count: number) => `{ ${Array(count).fill('__typename').join(' ')} }`;

    it('parses a document of 200 tokens', async () => {
      const { answer } = await run(typenames(198));

      expect(answer.errors).toBeUndefined();
    });

    it('refuses a document of 201 tokens unparsed', async () => {
      const { answer } = await run(typenames(199));

      expect(answer.errors?.[0]).toMatchObject({
        message: expect.stringContaining('Document contains more that 200 tokens'),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
    });
  });
});
