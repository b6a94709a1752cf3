import { generateKeyPairSync } from 'node:crypto';

import { KeySetUnavailableError } from '../../src/auth/auth-errors';
import { createAuthenticator } from '../../src/auth/authenticator';
import { JwksKeySource } from '../../src/auth/jwks';
import { loadConfig } from '../../src/config/config';
import { silentLogger } from '../../src/logging/logger';
import { nowSeconds, signJwt, startAuthRig, startJwksServer, type JwksServer } from './auth-rig';

const TIMINGS = { maxAgeMs: 60_000, unknownKidCooldownMs: 5_000, timeoutMs: 2_000 };

describe('JwksKeySource', () => {
  const first = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const second = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: JwksServer;
  let clock: number;

  beforeEach(async () => {
    jwks = await startJwksServer();
    jwks.setKeys([{ kid: 'k1', publicKey: first.publicKey }]);
    clock = 1_000_000;
  });
  afterEach(() => jwks.close());

  function source(url = jwks.url): JwksKeySource {
    return new JwksKeySource(url, silentLogger(), { timings: TIMINGS, now: () => clock });
  }

  it('fetches once for concurrent lookups and serves from cache until the max age', async () => {
    const keys = source();
    const found = await Promise.all([keys.key('k1'), keys.key('k1'), keys.key('k1')]);
    clock += TIMINGS.maxAgeMs - 1;
    await keys.key('k1');

    expect(found.every((key) => key?.equals(first.publicKey))).toBe(true);
    expect(jwks.fetches).toBe(1);

    clock += 1;
    await keys.key('k1');
    expect(jwks.fetches).toBe(2);
  });

  it('picks up a rotated key by kid, refetching for an unknown kid at most once per cooldown', async () => {
    const keys = source();
    await keys.key('k1');
    jwks.setKeys([{ kid: 'k2', publicKey: second.publicKey }]);

    clock += 1;
    expect(await keys.key('k9')).toBeUndefined();
    expect(await keys.key('k2')).toBeUndefined();
    expect(jwks.fetches).toBe(1);

    clock += TIMINGS.unknownKidCooldownMs;
    expect((await keys.key('k2'))?.equals(second.publicKey)).toBe(true);
    expect(jwks.fetches).toBe(2);
    expect(await keys.key('k1')).toBeUndefined();
  });

  it('keeps the cached keys when a refetch fails', async () => {
    const keys = source();
    await keys.key('k1');
    await jwks.close();
    clock += TIMINGS.maxAgeMs;

    expect((await keys.key('k1'))?.equals(first.publicKey)).toBe(true);
    jwks = await startJwksServer();
  });

  it('throws KeySetUnavailableError when the set was never fetched', async () => {
    const url = jwks.url;
    await jwks.close();

    await expect(source(url).key('k1')).rejects.toBeInstanceOf(KeySetUnavailableError);
    jwks = await startJwksServer();
  });

  it('skips keys of other types, uses and algorithms, and RSA keys under 2048 bits', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    jwks.setKeys([
      { kid: 'small', publicKey: small.publicKey },
      { kid: 'ec', publicKey: ec.publicKey },
      { kid: 'k1', publicKey: first.publicKey },
    ]);
    const keys = source();

    expect(await keys.key('small')).toBeUndefined();
    expect(await keys.key('ec')).toBeUndefined();
    expect(await keys.key('k1')).toBeDefined();
  });
});

describe('RS256 key rotation through the authenticator', () => {
  it('accepts a token signed by a key added to the set after start-up', async () => {
    const jwks = await startJwksServer();
    const old = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });
    jwks.setKeys([{ kid: 'old', publicKey: old.publicKey }]);
    let now = Date.now();
    const config = loadConfig({
      LTV_JWT_JWKS_URL: jwks.url,
      LTV_JWT_ISSUER: 'issuer',
      LTV_JWT_AUDIENCE: 'audience',
    });
    const authenticator = createAuthenticator(config.auth, silentLogger(), {
      now: () => now,
      jwksTimings: { unknownKidCooldownMs: 1_000 },
    });
    const claims = {
      iss: 'issuer',
      aud: 'audience',
      sub: 's',
      scope: 'read',
      exp: nowSeconds() + 600,
    };
    const headers = (token: string) => ({ authorization: `Bearer ${token}` });

    try {
      const before = signJwt(claims, { rs256: old.privateKey, kid: 'old' });
      expect((await authenticator.authenticate(headers(before))).name).toBe('s');

      jwks.setKeys([
        { kid: 'old', publicKey: old.publicKey },
        { kid: 'new', publicKey: rotated.publicKey },
      ]);
      now += 1_000;
      const after = signJwt(claims, { rs256: rotated.privateKey, kid: 'new' });
      expect((await authenticator.authenticate(headers(after))).scopes).toEqual(new Set(['read']));
      expect(jwks.fetches).toBe(2);
    } finally {
      await jwks.close();
    }
  });
});

describe('an unreachable key set over HTTP', () => {
  it('answers 503 with Retry-After, as a server-side failure, not a 401', async () => {
    const jwks = await startJwksServer();
    const url = jwks.url;
    await jwks.close();
    const rig = await startAuthRig({
      env: { LTV_JWT_JWKS_URL: url, LTV_JWT_ISSUER: 'issuer', LTV_JWT_AUDIENCE: 'audience' },
    });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = signJwt(
      { iss: 'issuer', aud: 'audience', sub: 's', exp: nowSeconds() + 60 },
      { rs256: privateKey, kid: 'k1' },
    );

    try {
      const answer = await rig.post('{ __typename }', {}, { authorization: `Bearer ${token}` });

      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('5');
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'Internal server error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    } finally {
      await rig.close();
    }
  });
});
