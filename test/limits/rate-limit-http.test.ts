import { createHash } from 'node:crypto';

import { request } from 'undici';

import { startServiceRig, type ServiceRig } from './service-rig';

const PING = { query: '{ __typename }' };

describe('rate limiting over HTTP (1 request a minute, burst 3)', () => {
  let rig: ServiceRig;

  beforeAll(async () => {
    rig = await startServiceRig({
      env: {
        LTV_RATE_LIMIT_PER_MINUTE: '1',
        LTV_RATE_LIMIT_BURST: '3',
        LTV_MAX_BATCH_SIZE: '2',
      },
    });
  });
  afterAll(() => rig.close());

  it('answers the burst, counting each operation of a batch, then 429 with Retry-After', async () => {
    const batch = await rig.post([PING, PING]);
    const single = await rig.post(PING);
    const refused = await rig.post(PING);

    expect(batch.status).toBe(200);
    expect(single.status).toBe(200);
    expect(refused.status).toBe(429);
    // One request is earned every 60 s and the bucket is empty: the next one in 60 s.
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.body).toEqual({
      errors: [
        {
          message: 'Too many requests for this client; retry after 60 s (Retry-After).',
          extensions: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: 60 }),
        },
      ],
    });
  });

  it('keeps refusing while the bucket is empty, without executing', async () => {
    const refused = await rig.post({ query: '{ __schema { queryType { name } } }' });

    expect(refused.status).toBe(429);
    expect(refused.body.data).toBeUndefined();
  });

  it('leaves the health routes outside the limit', async () => {
    const ready = await request(`${rig.service.url.origin}/readyz`);
    await ready.body.dump();

    expect(ready.statusCode).toBe(200);
  });
});

describe('rate limiting per identity (1 request a minute, burst 2, API keys)', () => {
  const keys = { alpha: 'alpha-key-0123456789abcdef', beta: 'beta-key-0123456789abcdef' };
  const entry = (name: string, key: string) =>
    `${name}:read:${createHash('sha256').update(key).digest('hex')}`;
  let rig: ServiceRig;

  beforeAll(async () => {
    rig = await startServiceRig({
      env: {
        LTV_API_KEYS: `${entry('alpha', keys.alpha)},${entry('beta', keys.beta)}`,
        LTV_RATE_LIMIT_PER_MINUTE: '1',
        LTV_RATE_LIMIT_BURST: '2',
        LTV_MAX_BATCH_SIZE: '2',
      },
    });
  });
  afterAll(() => rig.close());

  const as = (key: string) => rig.post(PING, { 'x-api-key': key });

  it('gives each identity its own bucket, though all come from one address', async () => {
    const alpha = [await as(keys.alpha), await as(keys.alpha), await as(keys.alpha)];
    const beta = await as(keys.beta);

    expect(alpha.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(beta.status).toBe(200);
  });

  it('counts requests with a bad key against their address, so guessing keys is slowed too', async () => {
    const guesses = [await as('wrong-1'), await as('wrong-2'), await as('wrong-3')];

    expect(guesses.map((answer) => answer.status)).toEqual([401, 401, 429]);
    expect(guesses[2].body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(guesses[2].headers['retry-after']).toBe('60');
  });
});
