import { createHash } from 'node:crypto';

import { startServiceRig, type ServiceRig } from './service-rig';

const COVERAGE = 'query Coverage($range: DateRange!) { coverage(range: $range) { complete } }';
const OLD_DAYS = { from: '2001-01-01', to: '2001-01-02' };

describe('request limits over HTTP', () => {
  let rig: ServiceRig;

  beforeAll(async () => {
    rig = await startServiceRig({
      env: {
        LTV_MAX_BODY_BYTES: '2048',
        LTV_MAX_BATCH_SIZE: '3',
        LTV_RATE_LIMIT_PER_MINUTE: '0',
      },
    });
  });
  afterAll(() => rig.close());

  describe('body size (LTV_MAX_BODY_BYTES=2048)', () => {
    /** A request whose JSON text is exactly `bytes` long, padded inside a GraphQL comment. */
    const sized = (bytes: number) => {
      const query = '{ __typename } #';
      const padding = bytes - JSON.stringify({ query }).length;
      const body = { query: query + 'x'.repeat(padding) };
      expect(Buffer.byteLength(JSON.stringify(body))).toBe(bytes);
      return body;
    };

    it('executes a body of exactly 2048 bytes', async () => {
      const answer = await rig.post(sized(2048));

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    });

    it('refuses a body of 2049 bytes with 413', async () => {
      const answer = await rig.post(sized(2049));

      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({
        errors: [
          {
            message: 'The request body is larger than the 2048-byte limit.',
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      });
    });
  });

  describe('batches (LTV_MAX_BATCH_SIZE=3)', () => {
    const batch = (size: number) =>
      Array.from({ length: size }, () => ({ query: COVERAGE, variables: { range: OLD_DAYS } }));

    it('executes a batch of 3 operations', async () => {
      const answer = await rig.post(batch(3));

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(Array(3).fill({ data: { coverage: { complete: false } } }));
    });

    it('refuses a batch of 4 operations with BATCH_TOO_LARGE', async () => {
      const answer = await rig.post(batch(4));

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        errors: [
          {
            message: 'The batch holds 4 operations; at most 3 are allowed in one request.',
            extensions: { code: 'BATCH_TOO_LARGE', measured: 4, maximum: 3 },
          },
        ],
      });
    });
  });

  describe('automatic persisted queries', () => {
    const hash = createHash('sha256').update(COVERAGE).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash: hash } };

    it('misses an unknown hash, registers the document, then runs it by hash alone', async () => {
      const miss = await rig.post({ extensions: persisted, variables: { range: OLD_DAYS } });
      const register = await rig.post({
        query: COVERAGE,
        extensions: persisted,
        variables: { range: OLD_DAYS },
      });
      const hit = await rig.post({ extensions: persisted, variables: { range: OLD_DAYS } });
      const hitByGet = await rig.get({
        extensions: JSON.stringify(persisted),
        variables: JSON.stringify({ range: OLD_DAYS }),
      });

      expect(miss.status).toBe(200);
      expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(register.body).toEqual({ data: { coverage: { complete: false } } });
      expect(hit.body).toEqual({ data: { coverage: { complete: false } } });
      expect(hitByGet.body).toEqual({ data: { coverage: { complete: false } } });
    });

    it('refuses a document whose hash does not match', async () => {
      const answer = await rig.post({
        query: '{ __typename }',
        extensions: persisted,
      });

      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          message: 'provided sha does not match query',
          extensions: expect.objectContaining({ code: 'BAD_REQUEST' }),
        },
      ]);
    });
  });

  it('allows introspection outside production', async () => {
    const answer = await rig.post({ query: '{ __schema { queryType { name } } }' });

    expect(answer.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
