import { Readable } from 'node:stream';

import fc from 'fast-check';

import { startHttpRig, type HttpAnswer, type HttpRig } from './http-rig';
import { recordReliability, reliabilityScale } from './record';

/** Signs of a stack trace or of source paths in an answer. */
const STACK_SIGNS = /stacktrace|\n\s+at |\bat [^\s]+ \(|\.(ts|js):\d+/;
const BODY_LIMIT = 4_096;
const JSON_TYPE = { 'content-type': 'application/json' };
const tried: Record<string, number> = {};

afterAll(() => recordReliability('malformed-http', { requests: tried }));

describe.each(['production', 'development'])('malformed HTTP requests (%s)', (mode) => {
  let rig: HttpRig;
  beforeAll(async () => {
    rig = await startHttpRig({
      now: '2026-11-28T13:00:00Z',
      env: {
        NODE_ENV: mode,
        LTV_AUTH: 'off',
        LTV_MAX_BODY_BYTES: String(BODY_LIMIT),
        LTV_MAX_TOKENS: '1000',
      },
    });
  });
  afterAll(() => rig.close());

  /**
   * A 4xx answer, JSON rather than an HTML page. In production it holds no stack trace; outside
   * production Apollo adds one to GraphQL errors on purpose, for developers (see format-error.ts).
   */
  function expectRefusal(answer: HttpAnswer, status: number): void {
    tried[mode] = (tried[mode] ?? 0) + 1;
    expect(answer.status).toBe(status);
    if (mode === 'production') expect(answer.text).not.toMatch(STACK_SIGNS);
    expect(String(answer.headers['content-type'])).toMatch(/json/);
    expect(answer.text).not.toMatch(/<html/i);
  }

  it.each([
    ['a truncated JSON body', '{"query": '],
    ['JSON with a trailing comma', '{"query": "{ __typename }",}'],
    ['a JSON number', '42'],
    ['a JSON string', '"{ __typename }"'],
    ['JSON null', 'null'],
    ['an empty JSON array', '[]'],
    ['an array of garbage', '[1, "x", null]'],
    ['a non-string query', '{"query": 5}'],
    ['variables that are a string', '{"query": "{ __typename }", "variables": "x"}'],
    ['extensions that are a number', '{"query": "{ __typename }", "extensions": 3}'],
    ['no query at all', '{"variables": {}}'],
    ['a document that does not parse', '{"query": "{ __typename"}'],
    ['an unknown field', '{"query": "{ nothingHere }"}'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x7d])],
    [
      'an infinite number',
      '{"query": "query ($r: Float) { __typename }", "variables": {"r": 1e400}}',
    ],
  ])('refuses %s with 400', async (_name, body) => {
    expectRefusal(await rig.send({ headers: JSON_TYPE, body }), 400);
  });

  it('refuses an empty POST body with 400', async () => {
    expectRefusal(await rig.send({ headers: JSON_TYPE }), 400);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form encoding', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['no content type', {}],
  ])('refuses a POST sent as %s with 400', async (_name, headers) => {
    const body = JSON.stringify({ query: '{ __typename }' });
    expectRefusal(await rig.send({ headers, body }), 400);
  });

  it('refuses an oversized body with 413, announced or streamed', async () => {
    const body = JSON.stringify({ query: `{ __typename } #${'x'.repeat(BODY_LIMIT)}` });
    expectRefusal(await rig.send({ headers: JSON_TYPE, body }), 413);
    // Chunked, without a Content-Length: the limit applies while reading.
    const chunks = Readable.from([body.slice(0, 100), body.slice(100)]);
    expectRefusal(await rig.send({ headers: JSON_TYPE, body: chunks }), 413);
  });

  it('refuses a mutation sent by GET with 405', async () => {
    const query =
      'mutation { syncDays(range: { from: "2026-11-27", to: "2026-11-27" }) { state } }';
    const answer = await rig.send({
      method: 'GET',
      search: `?query=${encodeURIComponent(query)}`,
      headers: { 'apollo-require-preflight': 'true' },
    });

    expectRefusal(answer, 405);
    expect(rig.simulator.counters.reportRequests).toBe(0);
  });

  it('refuses a GET without the CSRF preflight header with 400, and a GET without a query', async () => {
    const search = `?query=${encodeURIComponent('{ __typename }')}`;
    expectRefusal(await rig.send({ method: 'GET', search }), 400);
    expectRefusal(
      await rig.send({ method: 'GET', headers: { 'apollo-require-preflight': 'true' } }),
      400,
    );
  });

  it.each(['PUT', 'DELETE', 'PATCH'] as const)('refuses %s with 405', async (method) => {
    const body = JSON.stringify({ query: '{ __typename }' });
    expectRefusal(await rig.send({ method, headers: JSON_TYPE, body }), 405);
  });

  it('refuses a document nested thousands deep before parsing it', async () => {
    // 1,800 tokens against a limit of 1,000, in a body well under the size limit.
    const query = `${'{ a '.repeat(600)}${'}'.repeat(600)}`;
    expectRefusal(await rig.send({ headers: JSON_TYPE, body: JSON.stringify({ query }) }), 400);
  });

  it('never answers 5xx or a stack trace, whatever the body and content type', async () => {
    const contentType = fc.constantFrom(
      'application/json',
      'application/graphql-response+json',
      'application/json; charset=utf-16',
      'text/plain',
      'application/graphql',
      '',
    );
    const body = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ query: fc.string(), variables: fc.jsonValue() }).map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary' }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    );
    await fc.assert(
      fc.asyncProperty(contentType, body, async (type, sent) => {
        tried[mode] = (tried[mode] ?? 0) + 1;
        const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
        const answer = await rig.send({ headers, body: sent });
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(500);
        if (mode === 'production') expect(answer.text).not.toMatch(STACK_SIGNS);
        expect(answer.text).not.toMatch(/<html/i);
      }),
      { numRuns: 60 * reliabilityScale() },
    );
  });
});
