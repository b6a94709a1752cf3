import { startServiceRig, type HttpAnswer, type ServiceRig } from './service-rig';

/** Signs of a stack trace or of source paths in an answer. */
const STACK_SIGNS = /stacktrace|\n\s+at |\bat [^\s]+ \(|\.(ts|js):\d+/;
const SIX_DAYS = { from: '2026-11-22', to: '2026-11-27' };
/** Every user-day row joined with 100 ages: tens of milliseconds of DuckDB work at least. */
const AGES = Array.from({ length: 100 }, (_, i) => i * 100);

describe('a production service (NODE_ENV=production)', () => {
  let rig: ServiceRig;
  const answers: HttpAnswer[] = [];

  beforeAll(async () => {
    rig = await startServiceRig({
      users: 2000,
      env: {
        NODE_ENV: 'production',
        LTV_AUTH: 'off',
        LTV_STATEMENT_TIMEOUT_MS: '5',
        LTV_MAX_BATCH_SIZE: '0',
        LTV_MAX_DEPTH: '3',
        LTV_MAX_BODY_BYTES: '2048',
      },
    });
    const synced = await rig.post({
      query: 'mutation ($range: DateRange!) { syncDays(range: $range) { date } }',
      variables: { range: SIX_DAYS },
    });
    expect(synced.body.errors).toBeUndefined();
  });
  afterAll(() => rig.close());

  async function post(body: unknown): Promise<HttpAnswer> {
    const answer = await rig.post(body);
    answers.push(answer);
    return answer;
  }

  it('refuses introspection', async () => {
    const answer = await post({ query: '{ __schema { types { name } } }' });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      message: expect.stringContaining('introspection is not allowed'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('serves no Sandbox page to a browser', async () => {
    const answer = await rig.get({}, { accept: 'text/html' });

    expect(answer.headers['content-type']).not.toMatch(/text\/html/);
    expect(answer.text).not.toContain('embeddable-sandbox');
  });

  it('refuses batches when LTV_MAX_BATCH_SIZE is 0', async () => {
    const answer = await post([{ query: '{ __typename }' }]);

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      message: 'This server does not accept batched requests; send one operation per request.',
      extensions: { code: 'BATCH_TOO_LARGE', measured: 1, maximum: 0 },
    });
  });

  it('stops a statement past the timeout with QUERY_TIMEOUT and keeps answering', async () => {
    const query =
      'query ($range: DateRange!, $days: [Int!]!) { cohorts(firstSeen: $range, days: $days) { users } }';
    const answer = await post({ query, variables: { range: SIX_DAYS, days: AGES } });
    // The catalogue is read on the same pool of read connections, without the timeout.
    const after = await post({
      query: 'query ($range: DateRange!) { coverage(range: $range) { loaded } }',
      variables: { range: SIX_DAYS },
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: null,
      errors: [
        {
          message:
            'The query ran longer than the 5 ms statement timeout and was stopped; ask for a shorter date range, a smaller page or fewer fields.',
          locations: [{ line: 1, column: query.indexOf('cohorts') + 1 }],
          path: ['cohorts'],
          extensions: { code: 'QUERY_TIMEOUT', timeoutMs: 5 },
        },
      ],
    });
    expect(after.body.data.coverage.loaded).toHaveLength(6);
  });

  it('answers every kind of refusal without a stack trace', async () => {
    const refusals = [
      await post({ query: '{ nothingHere }' }),
      await post({
        query: 'query ($r: DateRange!) { coverage(range: $r) { loaded } }',
        variables: { r: { from: '2026-11-27', to: '2026-11-01' } },
      }),
      await post({
        query: 'query ($r: DateRange!) { coverage(range: $r) { loaded } }',
        variables: { r: { from: 'yesterday', to: '2026-11-01' } },
      }),
      await post({
        query:
          '{ topUsers(range: { from: "2026-11-27", to: "2026-11-27" }) { edges { node { id } } } }',
      }),
      await post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
      await post({ query: '{ __typename', variables: {} }),
      await post({ query: `{ __typename } #${'x'.repeat(2048)}` }),
    ];

    expect(refusals.map((answer) => answer.body.errors?.[0]?.extensions?.code)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'QUERY_TOO_COMPLEX',
      'PERSISTED_QUERY_NOT_FOUND',
      'GRAPHQL_PARSE_FAILED',
      'PAYLOAD_TOO_LARGE',
    ]);
    for (const answer of answers) expect(answer.text).not.toMatch(STACK_SIGNS);
  });

  it('answers a malformed JSON body without a stack trace', async () => {
    const { request } = await import('undici');
    const response = await request(`${rig.service.url.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    const text = await response.body.text();

    expect(response.statusCode).toBe(400);
    expect(text).not.toMatch(STACK_SIGNS);
  });
});
