import { generateKeyPairSync } from 'node:crypto';

import { request } from 'undici';

import {
  newApiKey,
  nowSeconds,
  signJwt,
  startAuthRig,
  startJwksServer,
  type AuthRig,
  type GraphQLAnswer,
  type JwksServer,
} from './auth-rig';

const ISSUER = 'https://login.example.com/';
const AUDIENCE = 'ltv-gateway';
const HS256_SECRET = 'test-hs256-secret-of-at-least-32-characters';
const COVERAGE = `query Coverage($range: DateRange!) { coverage(range: $range) { complete } }`;
const RANGE = { range: { from: '2001-01-01', to: '2001-01-02' } };
const SYNC = `mutation Sync($day: Date!) { syncDays(range: { from: $day, to: $day }) { date state } }`;
/** A day the simulator serves at the rig's clock: pulling it would ask for a report. */
const PULLABLE = { day: '2026-03-19' };
const GONE = { day: '2001-01-01' };
const EXPORT = `mutation {
  exportSegment(range: { from: "2001-01-01", to: "2001-01-01" }, filter: {}) { users url }
}`;

describe('authentication on /graphql', () => {
  const reader = newApiKey();
  const syncer = newApiKey();
  const exporter = newApiKey();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: JwksServer;
  let rig: AuthRig;

  beforeAll(async () => {
    jwks = await startJwksServer();
    jwks.setKeys([{ kid: 'key-1', publicKey: rsa.publicKey }]);
    rig = await startAuthRig({
      env: {
        LTV_API_KEYS: [
          `reader:read:${reader.sha256}`,
          `syncer:sync:${syncer.sha256}`,
          `exporter:read+export:${exporter.sha256}`,
        ].join(','),
        LTV_JWT_SECRET: HS256_SECRET,
        LTV_JWT_JWKS_URL: jwks.url,
        LTV_JWT_ISSUER: ISSUER,
        LTV_JWT_AUDIENCE: AUDIENCE,
      },
    });
  });
  afterAll(async () => {
    await rig.close();
    await jwks.close();
  });

  /** Claims of a token valid for a minute either side of now. */
  function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
    const now = nowSeconds();
    return { iss: ISSUER, aud: AUDIENCE, sub: 'dashboard', scope: 'read', exp: now + 60, ...extra };
  }

  function bearer(token: string): Record<string, string> {
    return { authorization: `Bearer ${token}` };
  }

  function expectUnauthenticated(answer: GraphQLAnswer, message: RegExp, presented = true): void {
    expect(answer.status).toBe(401);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.errors?.[0].message).toMatch(message);
    expect(answer.body.data).toBeUndefined();
    expect(answer.headers['www-authenticate']).toBe(
      presented
        ? 'Bearer realm="ltv-gateway", error="invalid_token"'
        : 'Bearer realm="ltv-gateway"',
    );
  }

  function expectData(answer: GraphQLAnswer): void {
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ coverage: { complete: false } });
  }

  describe('API keys', () => {
    it('answers a request without credentials with 401 UNAUTHENTICATED and a Bearer challenge', async () => {
      expectUnauthenticated(await rig.post(COVERAGE, RANGE), /No credentials/, false);
    });

    it('refuses an unknown key sent as a bearer token or in x-api-key', async () => {
      const wrong = newApiKey().key;
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(wrong)), /not recognised/);
      expectUnauthenticated(
        await rig.post(COVERAGE, RANGE, { 'x-api-key': wrong }),
        /not recognised/,
      );
    });

    it('refuses a key that differs from a configured one in its last character', async () => {
      const last = reader.key.at(-1) === 'A' ? 'B' : 'A';
      const near = `${reader.key.slice(0, -1)}${last}`;
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(near)), /not recognised/);
    });

    it('refuses an Authorization header of another scheme', async () => {
      const basic = { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` };
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, basic), /Bearer scheme/, false);
    });

    it('accepts a configured key as a bearer token and in x-api-key', async () => {
      expectData(await rig.post(COVERAGE, RANGE, bearer(reader.key)));
      expectData(await rig.post(COVERAGE, RANGE, { 'x-api-key': reader.key }));
    });
  });

  describe('HS256 tokens', () => {
    const hs = { hs256: HS256_SECRET };

    it('accepts a token signed with the secret, with the right issuer and audience', async () => {
      expectData(await rig.post(COVERAGE, RANGE, bearer(signJwt(claims(), hs))));
    });

    it('accepts an audience list that contains the audience', async () => {
      const token = signJwt(claims({ aud: ['other', AUDIENCE] }), hs);
      expectData(await rig.post(COVERAGE, RANGE, bearer(token)));
    });

    it('refuses an expired token, beyond the 60 s clock skew', async () => {
      const token = signJwt(claims({ exp: nowSeconds() - 90 }), hs);
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /expired at/);
    });

    it('accepts a token expired for less than the clock skew', async () => {
      const token = signJwt(claims({ exp: nowSeconds() - 20 }), hs);
      expectData(await rig.post(COVERAGE, RANGE, bearer(token)));
    });

    it('refuses a token not valid before a time beyond the skew', async () => {
      const token = signJwt(claims({ nbf: nowSeconds() + 120, exp: nowSeconds() + 600 }), hs);
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /not valid before/);
    });

    it('refuses a token without an expiry', async () => {
      const token = signJwt(claims({ exp: undefined }), hs);
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /no expiry/);
    });

    it('refuses a token for another audience', async () => {
      const token = signJwt(claims({ aud: 'billing-api' }), hs);
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /audience/);
    });

    it('refuses a token from another issuer', async () => {
      const token = signJwt(claims({ iss: 'https://evil.example.com/' }), hs);
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /issuer/);
    });

    it('refuses a token signed with another secret', async () => {
      const token = signJwt(claims(), { hs256: `${HS256_SECRET}-not` });
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /signature/);
    });

    it('refuses a token whose payload was changed after signing', async () => {
      const [header, , signature] = signJwt(claims(), hs).split('.');
      const payload = Buffer.from(JSON.stringify(claims({ scope: 'read sync' }))).toString(
        'base64url',
      );
      const token = `${header}.${payload}.${signature}`;
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /signature/);
    });

    it('refuses an unsigned token (alg none)', async () => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const token = `${encode({ alg: 'none' })}.${encode(claims())}.${encode('x')}`;
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /"none"/);
    });

    it('refuses an ltv_apps claim that is not a list', async () => {
      const token = signJwt(claims({ ltv_apps: '104512' }), hs);
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /ltv_apps/);
    });
  });

  describe('RS256 tokens from a JWKS', () => {
    it('accepts a token signed by a key of the set', async () => {
      const token = signJwt(claims(), { rs256: rsa.privateKey, kid: 'key-1' });
      expectData(await rig.post(COVERAGE, RANGE, bearer(token)));
    });

    it('refuses a token that names a key of the set but was signed by another', async () => {
      const token = signJwt(claims(), { rs256: otherRsa.privateKey, kid: 'key-1' });
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /signature/);
    });

    it('refuses a token whose kid the set does not hold', async () => {
      const token = signJwt(claims(), { rs256: otherRsa.privateKey, kid: 'key-unknown' });
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /signing key/);
    });

    it('refuses an RS256-signed token carrying HS256 in its header', async () => {
      const token = signJwt(claims(), { rs256: rsa.privateKey, kid: 'key-1' }, { alg: 'HS256' });
      expectUnauthenticated(await rig.post(COVERAGE, RANGE, bearer(token)), /signature/);
    });
  });

  describe('scopes', () => {
    it('refuses a mutation to an identity without its scope with 403 FORBIDDEN, running nothing', async () => {
      const answer = await rig.post(SYNC, PULLABLE, bearer(reader.key));

      expect(answer.status).toBe(403);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(answer.body.errors?.[0].message).toBe(
        'This operation needs the scope sync; reader has read.',
      );
      expect(rig.simulator.counters.daysAsked()).toEqual([]);
    });

    it('refuses a query to an identity with only the sync scope', async () => {
      const answer = await rig.post(COVERAGE, RANGE, bearer(syncer.key));

      expect(answer.status).toBe(403);
      expect(answer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(answer.body.errors?.[0].message).toMatch(/needs the scope read/);
    });

    it('refuses exportSegment without the export scope, and runs it with it', async () => {
      const refused = await rig.post(EXPORT, {}, bearer(reader.key));
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.[0].message).toMatch(/needs the scope export/);

      const allowed = await rig.post(EXPORT, {}, bearer(exporter.key));
      expect(allowed.body.errors).toBeUndefined();
      expect(allowed.body.data).toMatchObject({ exportSegment: { users: 0 } });
    });

    it('runs syncDays for an identity with the sync scope', async () => {
      const answer = await rig.post(SYNC, GONE, bearer(syncer.key));

      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual({
        syncDays: [{ date: '2001-01-01', state: 'UNAVAILABLE' }],
      });
    });

    it('takes JWT scopes from the scope claim', async () => {
      const token = signJwt(claims({ scope: 'read export' }), { hs256: HS256_SECRET });
      const sync = await rig.post(SYNC, PULLABLE, bearer(token));
      expect(sync.body.errors?.[0].message).toBe(
        'This operation needs the scope sync; dashboard has read, export.',
      );
    });

    it('marks answers to authenticated callers private for caches', async () => {
      const entities = `{ _entities(representations: [{ __typename: "User", id: "u1" }]) {
        ... on User { id }
      } }`;
      const answer = await rig.post(entities, {}, bearer(reader.key));

      expect(answer.body.errors).toBeUndefined();
      expect(answer.headers['cache-control']).toMatch(/\bprivate\b/);
    });
  });

  describe('routes outside GraphQL', () => {
    it('keeps /healthz and /readyz open', async () => {
      for (const path of ['/healthz', '/readyz']) {
        const response = await request(`${rig.base}${path}`);
        await response.body.dump();
        expect(response.statusCode).toBe(200);
      }
    });

    it('serves the landing page to a browser without credentials, and no data', async () => {
      const page = await request(`${rig.base}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(await page.body.text()).toContain('embeddable-sandbox');

      const query = await request(
        `${rig.base}/graphql?query=${encodeURIComponent('{ __typename }')}`,
        { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } },
      );
      await query.body.dump();
      expect(query.statusCode).toBe(401);
    });
  });
});
