import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { request } from 'undici';

import { startService, type RunningService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { CACHE_MAX_AGES } from '../../src/graphql/cache-hints';
import { silentLogger } from '../../src/logging/logger';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  startSimulator,
  type RunningSimulator,
} from '../../src/simulator';
import { IN_MEMORY } from '../../src/store';
import { daysFrom, plusDays } from '../support/days';
import { ExpectedReports } from '../support/expected';
import { usdToNumber } from '../support/usd';
import { startAccountsSubgraph, type Account, type AccountsSubgraph } from './accounts-subgraph';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';
import { accountsSdl, composeExample, LTV_SUBGRAPH } from './subgraphs';

// At 13:00 on 2026-03-20 the vendor serves 2026-03-08 through 2026-03-19; all are stored.
const NOW = '2026-03-20T13:00:00Z';
const STORED = { from: '2026-03-08', to: '2026-03-19' };
const POPULATION = { users: 300, seed: 1 };
const UNKNOWN_ID = 'u-not-in-any-report';
const AGES = [0, 7];

const USERS_QUERY = `{
  users { id name ltv(days: [0, 7]) { day revenue } totals { revenue } }
}`;

interface UserAnswer {
  id: string;
  name: string;
  ltv: { day: number; revenue: number | null }[];
  totals: { revenue: number };
}

/** What the simulator's files say about a user: total revenue and LTV at each age, in USD. */
interface ExpectedUser {
  revenue: number;
  ltv: { day: number; revenue: number | null }[];
}

/** A node of the query plan trace a router assembles while capturing traces (fields read here). */
interface TracedPlanNode {
  fetch?: { serviceName?: string; trace?: { root?: { child?: { responseName?: string }[] } } };
  [kind: string]: unknown;
}

describe('ltv-gateway inside a supergraph served by @apollo/gateway', () => {
  let simulator: RunningSimulator;
  let dataDir: string;
  let service: RunningService;
  let accountsSubgraph: AccountsSubgraph;
  let proxy: RecordingProxy;
  let router: ApolloServer;
  let accounts: Account[];
  let expectedUsers: Map<string, ExpectedUser>;
  const plans: { node?: unknown }[] = [];
  const traces = { capture: false, last: undefined as TracedPlanNode | undefined };

  beforeAll(async () => {
    simulator = await startSimulator({ ...POPULATION, readyAfterMs: 0 });
    simulator.clock.set(NOW);
    dataDir = await mkdtemp(join(tmpdir(), 'ltv-supergraph-'));
    service = await startService(
      loadConfig({ PORT: '0', LTV_DATA_DIR: dataDir, LTV_SYNC_CONCURRENCY: '6' }),
      silentLogger(),
      {
        storePath: IN_MEMORY,
        now: () => simulator.clock.now(),
        upstream: {
          baseUrl: simulator.url,
          clientId: DEFAULT_CLIENT_ID,
          clientSecret: DEFAULT_CLIENT_SECRET,
          poll: { baseDelayMs: 5, maxDelayMs: 20 },
          retry: { baseDelayMs: 5, maxDelayMs: 20 },
        },
      },
    );
    const outcomes = await service.gateway.sync.pullRange(STORED);
    expect(outcomes.map((outcome) => outcome.state)).toEqual(Array(12).fill('loaded'));

    expectedUsers = expectUsers(
      ExpectedReports.simulate(POPULATION, daysFrom(STORED.from, STORED.to)),
    );
    // Every 9th user, for a spread of first-seen days, and one the store has never seen.
    accounts = [...expectedUsers.keys()]
      .sort()
      .filter((_, i) => i % 9 === 0)
      .slice(0, 24)
      .concat(UNKNOWN_ID)
      .map((id, i) => ({ id, name: `Player ${i + 1}`, email: `player${i + 1}@example.com` }));
    accountsSubgraph = await startAccountsSubgraph(accounts);
    proxy = await startRecordingProxy(`${service.url.origin}/graphql`);

    // Like a router's introspect-and-compose: read the SDL from the running subgraph.
    const ltvSdl = await postGraphQL(proxy.url, '{ _service { sdl } }');
    const composition = composeExample(
      { ltv: ltvSdl._service.sdl, accounts: await accountsSdl() },
      { ltv: proxy.url, accounts: accountsSubgraph.url },
    );
    if (composition.errors) throw composition.errors[0];

    const gateway = new ApolloGateway({
      supergraphSdl: composition.supergraphSdl,
      logger: silentLogger(),
      experimental_didResolveQueryPlan: ({ queryPlan }) => {
        plans.push(queryPlan);
      },
    });
    router = new ApolloServer({ gateway, plugins: [tracePlugin(traces)] });
    await router.start();
  });

  afterAll(async () => {
    await router?.stop();
    await proxy?.close();
    await accountsSubgraph?.close();
    await service?.close();
    await simulator?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    plans.length = 0;
    proxy.exchanges.length = 0;
  });

  /** Runs an operation through the router; returns its data and the Cache-Control it sent. */
  async function throughRouter<T>(query: string): Promise<{ data: T; cacheControl?: string }> {
    const response = await router.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('Expected a single result.');
    expect(response.body.singleResult.errors).toBeUndefined();
    return {
      data: response.body.singleResult.data as T,
      cacheControl: response.http.headers.get('cache-control'),
    };
  }

  it('joins names from accounts with revenue and LTV computed from the vendor files', async () => {
    const statements: string[] = [];
    const stop = service.gateway.store.onStatement((event) => statements.push(event.name));
    const { data } = await throughRouter<{ users: UserAnswer[] }>(USERS_QUERY).finally(stop);

    expect(data.users.map((user) => [user.id, user.name])).toEqual(
      accounts.map((account) => [account.id, account.name]),
    );
    for (const user of data.users) {
      const expected = expectedUsers.get(user.id) ?? {
        revenue: 0,
        ltv: AGES.map((day) => ({ day, revenue: null })),
      };
      expect({ id: user.id, totals: user.totals, ltv: user.ltv }).toEqual({
        id: user.id,
        totals: { revenue: expected.revenue },
        ltv: expected.ltv,
      });
    }
    // Both mature and immature day-7 values are in the sample.
    const day7 = data.users.map((user) => user.ltv[1].revenue);
    expect(day7.some((value) => value === null)).toBe(true);
    expect(day7.some((value) => value !== null && value > 0)).toBe(true);
    // One statement per ltv-gateway field, for all users together.
    expect([...statements].sort()).toEqual(['user_ltv_points', 'user_totals_all_history']);
  });

  it('sends ltv-gateway one _entities request per query plan step', async () => {
    await throughRouter(USERS_QUERY);
    await throughRouter(`{
      accounts(first: 5) { users { name totals { revenue } } pageInfo { hasNextPage endCursor } }
    }`);

    const ltvSteps = plans.map((plan) => fetchesOf(plan.node, LTV_SUBGRAPH));
    expect(ltvSteps).toEqual([1, 1]);
    expect(proxy.exchanges).toHaveLength(2);
    const representations = proxy.exchanges.map(
      (exchange) => (exchange.request.variables?.representations as unknown[]).length,
    );
    expect(representations).toEqual([accounts.length, 5]);
    for (const exchange of proxy.exchanges) {
      expect(exchange.request.query).toMatch(/_entities\(representations:/);
      expect(exchange.response.errors).toBeUndefined();
    }
  });

  it('carries an inline trace (ftv1) when the router asks for one, and none otherwise', async () => {
    await throughRouter(USERS_QUERY);
    traces.capture = true;
    try {
      await throughRouter(USERS_QUERY);
    } finally {
      traces.capture = false;
    }

    const [plain, traced] = proxy.exchanges;
    expect(plain.requestHeaders['apollo-federation-include-trace']).toBeUndefined();
    expect(plain.response.extensions?.ftv1).toBeUndefined();
    expect(traced.requestHeaders['apollo-federation-include-trace']).toBe('ftv1');
    expect(typeof traced.response.extensions?.ftv1).toBe('string');
    // The router decoded it: the trace of ltv-gateway's fetch starts at _entities.
    const fetch = findFetch(traces.last, LTV_SUBGRAPH);
    expect(fetch?.trace?.root?.child?.map((child) => child.responseName)).toEqual(['_entities']);
  });

  describe('six days later, when 2026-03-08 through 2026-03-13 are gone upstream', () => {
    beforeAll(() => simulator.clock.set('2026-03-26T13:00:00Z'));
    afterAll(() => simulator.clock.set(NOW));

    it('lets the router cache an entity fetch over settled days for the long max-age', async () => {
      const settled = `max-age=${CACHE_MAX_AGES.settledSeconds}, public`;

      const { cacheControl } = await throughRouter(
        '{ users { name totals(range: { from: "2026-03-08", to: "2026-03-13" }) { revenue } } }',
      );

      expect(proxy.exchanges.map((exchange) => exchange.responseHeaders['cache-control'])).toEqual([
        settled,
      ]);
      expect(cacheControl).toBe(settled);
    });

    it('gives an entity fetch touching a day the vendor still serves the short max-age', async () => {
      const changing = `max-age=${CACHE_MAX_AGES.changingSeconds}, public`;

      const { cacheControl } = await throughRouter(
        '{ users { name totals(range: { from: "2026-03-08", to: "2026-03-14" }) { revenue } } }',
      );

      expect(proxy.exchanges.map((exchange) => exchange.responseHeaders['cache-control'])).toEqual([
        changing,
      ]);
      expect(cacheControl).toBe(changing);
    });
  });
});

/** Total revenue and LTV per user, straight from the files, for the stored days only. */
function expectUsers(reports: ExpectedReports): Map<string, ExpectedUser> {
  const rowsByUser = new Map<string, { day: string; revenue: bigint }[]>();
  for (const row of reports.userRows()) {
    const rows = rowsByUser.get(row.userId) ?? [];
    rows.push({ day: row.day, revenue: row.revenue });
    rowsByUser.set(row.userId, rows);
  }
  const users = new Map<string, ExpectedUser>();
  for (const [id, rows] of rowsByUser) {
    const firstSeen = rows.map((row) => row.day).sort()[0];
    const sumThrough = (last: string) =>
      rows.filter((row) => row.day <= last).reduce((sum, row) => sum + row.revenue, 0n);
    users.set(id, {
      revenue: usdToNumber(sumThrough(STORED.to)),
      // Defined only once first-seen + age is a stored day.
      ltv: AGES.map((day) => {
        const last = plusDays(firstSeen, day);
        return { day, revenue: last <= STORED.to ? usdToNumber(sumThrough(last)) : null };
      }),
    });
  }
  return users;
}

/** How many fetches of a query plan go to `subgraph`. */
function fetchesOf(node: unknown, subgraph: string): number {
  if (node === null || typeof node !== 'object') return 0;
  const plan = node as { kind?: string; serviceName?: string } & Record<string, unknown>;
  if (plan.kind === 'Fetch') return plan.serviceName === subgraph ? 1 : 0;
  const children = [
    plan.nodes,
    plan.node,
    plan.ifClause,
    plan.elseClause,
    plan.primary,
    plan.deferred,
  ];
  return children
    .flatMap((child) => (Array.isArray(child) ? child : [child]))
    .reduce((count: number, child) => count + fetchesOf(child, subgraph), 0);
}

/** The fetch node of `subgraph` in a router's query plan trace. */
function findFetch(node: unknown, subgraph: string): TracedPlanNode['fetch'] | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const traced = node as TracedPlanNode;
  if (traced.fetch?.serviceName === subgraph) return traced.fetch;
  for (const value of Object.values(traced)) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      const found = findFetch(child, subgraph);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Makes the router ask subgraphs for inline traces while `traces.capture` is set, as a router
 * reporting usage to Apollo would, and keeps the query plan trace it assembled.
 */
function tracePlugin(traces: {
  capture: boolean;
  last: TracedPlanNode | undefined;
}): ApolloServerPlugin {
  return {
    async requestDidStart(requestContext) {
      requestContext.metrics.captureTraces = traces.capture;
      return {
        async willSendResponse(context) {
          traces.last = context.metrics.queryPlanTrace as TracedPlanNode | undefined;
        },
      };
    },
  };
}

/** POSTs an operation and returns its data; throws on GraphQL errors. */
async function postGraphQL(url: string, query: string): Promise<{ _service: { sdl: string } }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.body.json()) as {
    data: { _service: { sdl: string } };
    errors?: unknown[];
  };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
