import { createContext } from '../../src/graphql/context';
import { CACHE_MAX_AGES } from '../../src/graphql/cache-hints';
import type { StatementEvent } from '../../src/store';
import { daysFrom } from '../support/days';
import { ExpectedReports, type UserTotals } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import { usdToNumber } from '../support/usd';

// At 13:00 on 2026-03-20 the vendor serves 2026-03-08 through 2026-03-19.
const NOW = '2026-03-20T13:00:00Z';
const STORED = { from: '2026-03-08', to: '2026-03-19' };
const POPULATION = { users: 2500, seed: 1 };

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id totals { revenue impressions } } }
}`;

interface EntityAnswer {
  id: string;
  totals: { revenue: number; impressions: number };
}

describe('User entities (_entities)', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;
  let totals: Map<string, UserTotals>;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    await harness.gateway.sync.pullRange(STORED);
    expected = ExpectedReports.simulate(POPULATION, daysFrom(STORED.from, STORED.to));
    totals = expected.userTotals(expected.days);
  });
  afterAll(() => harness.close());

  /** Runs `document` and returns the names of the SQL statements it caused, in order. */
  async function statementsOf(
    document: string,
    variables: Record<string, unknown>,
  ): Promise<{ data: unknown; statements: string[] }> {
    const statements: string[] = [];
    const stop = harness.gateway.store.onStatement((event: StatementEvent) =>
      statements.push(event.name),
    );
    try {
      const result = await harness.execute(document, variables);
      expect(result.errors).toBeUndefined();
      return { data: result.data, statements };
    } finally {
      stop();
    }
  }

  it('answers _service { sdl } with the federation link and the User key', async () => {
    const result = await harness.execute<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const sdl = result.data?._service.sdl ?? '';

    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
  });

  it('resolves 1,000 representations in their order with one statement for totals', async () => {
    const known = [...totals.keys()].sort().slice(0, 990);
    expect(known).toHaveLength(990);
    const unknown = Array.from({ length: 10 }, (_, i) => `no-such-user-${i}`);
    // Interleave unknown ids and reverse, so order cannot come from the store.
    const ids = [...known, ...unknown].reverse().map((_, i, all) => all[(i * 7) % all.length]);
    expect(new Set(ids).size).toBe(1000);

    const { data, statements } = await statementsOf(ENTITIES, {
      representations: ids.map((id) => ({ __typename: 'User', id })),
    });
    const answers = (data as { _entities: EntityAnswer[] })._entities;

    expect(statements).toEqual(['user_totals_all_history']);
    expect(answers.map((answer) => answer.id)).toEqual(ids);
    for (const answer of answers) {
      const user = totals.get(answer.id);
      expect(answer.totals).toEqual({
        revenue: user ? usdToNumber(user.revenue) : 0,
        impressions: user?.impressions ?? 0,
      });
    }
  });

  it('runs one statement per requested field, whether 3 or 1,000 users are asked for', async () => {
    const document = `query Entities($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on User {
          totals { revenue }
          daily(range: { from: "2026-03-10", to: "2026-03-12" }) { date }
          ltv(days: [0, 7]) { revenue }
          advertisingIds
          firstSeen
        }
      }
    }`;
    const ids = [...totals.keys()].sort();
    const few = await statementsOf(document, {
      representations: ids.slice(0, 3).map((id) => ({ __typename: 'User', id })),
    });
    const many = await statementsOf(document, {
      representations: ids.slice(0, 1000).map((id) => ({ __typename: 'User', id })),
    });

    const perField = [
      'user_days_in_range',
      'user_ltv_points',
      'user_profiles',
      'user_totals_all_history',
    ];
    expect([...few.statements].sort()).toEqual(perField);
    expect([...many.statements].sort()).toEqual(perField);
  });

  it('resolves an unknown id to a user with empty metrics, not an error', async () => {
    const result = await harness.execute<{ _entities: unknown[] }>(
      `query Entities($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on User {
            id
            totals { revenue impressions clicks conversions ecpm }
            ltv(days: [0, 7]) { day revenue }
            advertisingIds
            firstSeen
            lastSeen
          }
        }
      }`,
      { representations: [{ __typename: 'User', id: 'never-seen' }] },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      {
        id: 'never-seen',
        totals: { revenue: 0, impressions: 0, clicks: 0, conversions: 0, ecpm: null },
        ltv: [
          { day: 0, revenue: null },
          { day: 7, revenue: null },
        ],
        advertisingIds: [],
        firstSeen: null,
        lastSeen: null,
      },
    ]);
  });

  describe('cache hints, six days later (2026-03-08 through 2026-03-13 are gone upstream)', () => {
    const settled = `max-age=${CACHE_MAX_AGES.settledSeconds}, public`;
    const changing = `max-age=${CACHE_MAX_AGES.changingSeconds}, public`;
    const firstSeen = new Map<string, string>();
    let firstSeenOnFirstDay: string[];

    beforeAll(() => {
      harness.simulator.clock.set('2026-03-26T13:00:00Z');
      // Rows come oldest day first, so a user's first row is on its first-seen day.
      for (const row of expected.userRows()) {
        if (!firstSeen.has(row.userId)) firstSeen.set(row.userId, row.day);
      }
      firstSeenOnFirstDay = [...firstSeen.keys()]
        .filter((id) => firstSeen.get(id) === STORED.from)
        .sort()
        .slice(0, 5);
    });

    /** The Cache-Control header Apollo Server sends for an `_entities` fetch of `fields`. */
    async function cacheControlOf(fields: string, ids: string[]): Promise<string | undefined> {
      const response = await harness.apollo.executeOperation(
        {
          query: `query Entities($representations: [_Any!]!) {
            _entities(representations: $representations) { ... on User { ${fields} } }
          }`,
          variables: { representations: ids.map((id) => ({ __typename: 'User', id })) },
        },
        { contextValue: createContext(harness.gateway.services) },
      );
      if (response.body.kind !== 'single') throw new Error('Expected a single result.');
      expect(response.body.singleResult.errors).toBeUndefined();
      return response.http.headers.get('cache-control');
    }

    it('gives totals over stored days older than the window the settled max-age', async () => {
      const fields = 'totals(range: { from: "2026-03-08", to: "2026-03-13" }) { revenue }';

      expect(await cacheControlOf(fields, firstSeenOnFirstDay)).toBe(settled);
    });

    it('gives totals the changing max-age once the range reaches a day the vendor serves', async () => {
      const fields = 'totals(range: { from: "2026-03-08", to: "2026-03-14" }) { revenue }';

      expect(await cacheControlOf(fields, firstSeenOnFirstDay)).toBe(changing);
    });

    it('gives totals the changing max-age for gone days that were never stored', async () => {
      const fields = 'totals(range: { from: "2026-03-01", to: "2026-03-09" }) { revenue }';

      expect(await cacheControlOf(fields, firstSeenOnFirstDay)).toBe(changing);
    });

    it('gives totals over all history, and identity fields, the changing max-age', async () => {
      expect(await cacheControlOf('totals { revenue }', firstSeenOnFirstDay)).toBe(changing);
      expect(await cacheControlOf('firstSeen', firstSeenOnFirstDay)).toBe(changing);
      expect(await cacheControlOf('advertisingIds', firstSeenOnFirstDay)).toBe(changing);
    });

    it('gives daily rows the max-age of their range, down to their metrics', async () => {
      const settledDays =
        'daily(range: { from: "2026-03-08", to: "2026-03-13" }) { metrics { revenue } }';
      const changingDays =
        'daily(range: { from: "2026-03-12", to: "2026-03-15" }) { metrics { revenue } }';

      expect(await cacheControlOf(settledDays, firstSeenOnFirstDay)).toBe(settled);
      expect(await cacheControlOf(changingDays, firstSeenOnFirstDay)).toBe(changing);
    });

    it('gives LTV points the settled max-age only while every age ends before the window', async () => {
      // First seen 2026-03-08: day 3 is 2026-03-11 (gone), day 7 is 2026-03-15 (served).
      expect(await cacheControlOf('ltv(days: [0, 3]) { revenue }', firstSeenOnFirstDay)).toBe(
        settled,
      );
      expect(await cacheControlOf('ltv(days: [0, 7]) { revenue }', firstSeenOnFirstDay)).toBe(
        changing,
      );
      expect(await cacheControlOf('ltv(days: [0]) { revenue }', ['never-seen'])).toBe(changing);
    });

    it('makes an entity batch as cacheable as its least settled user', async () => {
      const later = [...firstSeen.keys()].find((id) => firstSeen.get(id) === '2026-03-14');
      expect(later).toBeDefined();

      const fields = 'ltv(days: [0, 3]) { revenue }';
      expect(await cacheControlOf(fields, [...firstSeenOnFirstDay, later as string])).toBe(
        changing,
      );
    });
  });
});
