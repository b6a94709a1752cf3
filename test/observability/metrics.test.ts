import { createHash } from 'node:crypto';

import { dayCsv } from '../../src/simulator';
import { simulatedDay } from '../support/report-rows';
import { startObservedService, type ObservedService } from './observed-service';
import { parseScrape, type Scrape } from './prometheus-text';

// Noon has passed on 2026-11-28: 2026-11-16 through 2026-11-27 are pullable.
const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 200, seed: 5 };
const DAYS = ['2026-11-26', '2026-11-27'];
const PULL = `mutation Pull($range: DateRange!) { syncDays(range: $range) { date state } }`;
const ONE_USER = `query One($id: ID!) { user(id: $id) { id totals { revenue } } }`;
const TYPENAME = '{ __typename }';

describe('GET /metrics', () => {
  let rig: ObservedService;
  let scrape: Scrape;

  beforeAll(async () => {
    rig = await startObservedService({ now: NOW, simulator: POPULATION });

    // A few requests of every kind: a pull, reads, errors, persisted queries, a wrong path.
    const pulled = await rig.post({
      query: PULL,
      variables: { range: { from: DAYS[0], to: DAYS[1] } },
    });
    expect(pulled.body.errors).toBeUndefined();
    await rig.post({ query: ONE_USER, variables: { id: 'nobody' } });
    await rig.post({ query: ONE_USER, variables: { id: 'nobody-else' } });
    await rig.post({ query: TYPENAME });
    await rig.post({ query: 'query Broken { user(id: "x") { noSuchField } }' });
    await rig.post({
      query: `query Backwards { revenue(range: { from: "${DAYS[1]}", to: "${DAYS[0]}" }) { __typename } }`,
    });
    const sha256Hash = createHash('sha256').update(TYPENAME).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    await rig.post({ extensions: { persistedQuery } });
    await rig.post({ query: TYPENAME, extensions: { persistedQuery } });
    await rig.post({ extensions: { persistedQuery } });
    await rig.post({ query: `${TYPENAME} #${'x'.repeat(2 * 1024 * 1024)}` });
    await rig.get('/nowhere');

    const answer = await rig.get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    scrape = parseScrape(answer.body);
  });
  afterAll(() => rig.close());

  it('declares a type for every series it writes, and writes every series the README lists', () => {
    const families = new Set(scrape.samples.map((s) => s.name.replace(/_(bucket|sum|count)$/, '')));
    const undeclared = [...families].filter((family) => !scrape.types.has(family));

    expect(undeclared).toEqual([]);
    expect([...scrape.types.keys()].sort()).toEqual(
      [
        'ltv_http_requests_total',
        'ltv_http_request_duration_seconds',
        'ltv_graphql_requests_total',
        'ltv_graphql_request_duration_seconds',
        'ltv_graphql_errors_total',
        'ltv_cache_lookups_total',
        'ltv_sql_statement_duration_seconds',
        'ltv_sql_statement_failures_total',
        'ltv_upstream_calls_total',
        'ltv_upstream_call_duration_seconds',
        'ltv_day_pulls_total',
        'ltv_day_pull_duration_seconds',
        'ltv_day_load_duration_seconds',
        'ltv_day_load_rows_total',
        'ltv_day_load_bytes_total',
        'ltv_sync_pending_days',
        'ltv_store_days',
        'process_start_time_seconds',
        'process_resident_memory_bytes',
        'nodejs_heap_used_bytes',
      ].sort(),
    );
  });

  it('counts and times GraphQL operations by name', () => {
    const count = (operation: string) => scrape.value('ltv_graphql_requests_total', { operation });

    expect(count('Pull')).toBe(1);
    expect(count('One')).toBe(2);
    expect(count('Backwards')).toBe(1);
    // `{ __typename }` ran twice, once straight and once from the persisted query cache.
    expect(count('anonymous')).toBe(3);
    // A validation error and the unknown hash never resolve an operation.
    expect(count('unresolved')).toBe(2);
    expect(scrape.value('ltv_graphql_request_duration_seconds_count', { operation: 'One' })).toBe(
      2,
    );
    expect(
      scrape.value('ltv_graphql_request_duration_seconds_bucket', {
        operation: 'Pull',
        le: '+Inf',
      }),
    ).toBe(1);
  });

  it('counts errors by the code the client saw', () => {
    const errors = (code: string) => scrape.value('ltv_graphql_errors_total', { code });

    expect(errors('GRAPHQL_VALIDATION_FAILED')).toBe(1);
    expect(errors('BAD_USER_INPUT')).toBe(1);
    expect(errors('PERSISTED_QUERY_NOT_FOUND')).toBe(1);
  });

  it('counts persisted query and document cache lookups', () => {
    const lookups = (cache: string, result: string) =>
      scrape.value('ltv_cache_lookups_total', { cache, result });

    expect([lookups('apq', 'hit'), lookups('apq', 'miss')]).toEqual([1, 1]);
    // `One` and `{ __typename }` were each parsed once, then found by hash.
    expect(lookups('document', 'hit')).toBeGreaterThanOrEqual(2);
    expect(lookups('document', 'miss')).toBeGreaterThanOrEqual(4);
  });

  it('times SQL statements by name', () => {
    const statements = (statement: string) =>
      scrape.value('ltv_sql_statement_duration_seconds_count', { statement });

    // One summary read per `One`: it answers whether the user exists and the all-history totals.
    expect(statements('user_summaries')).toBe(2);
    expect(statements('user_totals_in_range')).toBeUndefined();
    expect(statements('insert_day_rows')).toBe(DAYS.length);
    // requested, polling, loading, loaded: four saves per day.
    expect(statements('save_sync_job')).toBe(4 * DAYS.length);
    expect(
      scrape.value('ltv_sql_statement_duration_seconds_sum', { statement: 'insert_day_rows' }),
    ).toBeGreaterThan(0);
  });

  it('counts vendor calls by step and outcome', () => {
    const calls = (step: string) =>
      scrape.value('ltv_upstream_calls_total', { step, outcome: 'ok' });

    expect(calls('token')).toBe(rig.simulator.counters.tokensIssued);
    expect(calls('report')).toBe(DAYS.length);
    expect(calls('download')).toBe(rig.simulator.counters.downloadRequests);
    expect(scrape.value('ltv_upstream_call_duration_seconds_count', { step: 'report' })).toBe(
      DAYS.length,
    );
  });

  it('reports day loads with their rows, bytes and seconds', () => {
    const rows = DAYS.reduce((sum, day) => sum + simulatedDay(POPULATION, day).length, 0);
    const bytes = DAYS.reduce(
      (sum, day) => sum + Buffer.concat([...dayCsv(POPULATION, day)]).length,
      0,
    );

    expect(scrape.value('ltv_day_pulls_total', { outcome: 'loaded' })).toBe(DAYS.length);
    expect(scrape.value('ltv_day_load_rows_total')).toBe(rows);
    expect(scrape.value('ltv_day_load_bytes_total')).toBe(bytes);
    expect(scrape.value('ltv_day_load_duration_seconds_count')).toBe(DAYS.length);
    expect(scrape.value('ltv_day_pull_duration_seconds_count')).toBe(DAYS.length);
    expect(scrape.value('ltv_sync_pending_days')).toBe(0);
    expect(scrape.value('ltv_store_days')).toBe(DAYS.length);
  });

  it('counts HTTP answers by route and status, refusals included', () => {
    expect(scrape.value('ltv_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(scrape.value('ltv_http_requests_total', { route: '/graphql', status: '413' })).toBe(1);
    expect(
      scrape.value('ltv_http_requests_total', { route: '/graphql', status: '200' }),
    ).toBeGreaterThanOrEqual(5);
    expect(scrape.value('ltv_http_request_duration_seconds_count', { route: '/graphql' })).toBe(10);
  });

  it('reports the process start time and memory', () => {
    expect(scrape.value('process_start_time_seconds')).toBeLessThanOrEqual(Date.now() / 1000);
    expect(scrape.value('process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('GET /metrics with LTV_METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789';
  let rig: ObservedService;

  beforeAll(async () => {
    rig = await startObservedService({ now: NOW, env: { LTV_METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => rig.close());

  it('answers 401 without the bearer token or with a wrong one', async () => {
    const missing = await rig.get('/metrics');
    const wrong = await rig.get('/metrics', { authorization: `Bearer ${TOKEN}x` });

    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(missing.body).not.toContain('ltv_');
  });

  it('serves the metrics with the bearer token', async () => {
    const answer = await rig.get('/metrics', { authorization: `Bearer ${TOKEN}` });

    expect(answer.status).toBe(200);
    expect(parseScrape(answer.body).value('ltv_sync_pending_days')).toBe(0);
  });

  it('keeps the token out of the logs', () => {
    expect(JSON.stringify(rig.lines)).not.toContain(TOKEN);
  });
});
