import { Writable } from 'node:stream';

import pino from 'pino';

import { newApiKey, nowSeconds, signJwt, startAuthRig, type AuthRig } from './auth-rig';

const HS256_SECRET = 'production-hs256-secret-of-32-characters';
const ROUTER_SECRET = 'production-router-secret-of-32-characters';
const QUERY = '{ coverage(range: { from: "2001-01-01", to: "2001-01-01" }) { complete } }';
const SYNC = 'mutation { syncDays(range: { from: "2001-01-01", to: "2001-01-01" }) { date } }';

describe('auth errors in production (NODE_ENV=production)', () => {
  const reader = newApiKey();
  const lines: string[] = [];
  let rig: AuthRig;

  beforeAll(async () => {
    // A plain pino logger without redaction: nothing may be there to redact in the first place.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    rig = await startAuthRig({
      logger: pino({ level: 'debug' }, sink),
      env: {
        NODE_ENV: 'production',
        LTV_API_KEYS: `reader:read:${reader.sha256}`,
        LTV_JWT_SECRET: HS256_SECRET,
        LTV_JWT_ISSUER: 'https://login.example.com/',
        LTV_JWT_AUDIENCE: 'ltv-gateway',
        LTV_ROUTER_SECRET: ROUTER_SECRET,
      },
    });
  });
  afterAll(() => rig.close());

  it('answers refusals without a stack trace, a secret or the credential sent', async () => {
    const wrongKey = newApiKey().key;
    const expired = signJwt(
      { iss: 'https://login.example.com/', aud: 'ltv-gateway', sub: 'x', exp: nowSeconds() - 600 },
      { hs256: HS256_SECRET },
    );
    const forged = signJwt(
      { iss: 'https://login.example.com/', aud: 'ltv-gateway', sub: 'x', exp: nowSeconds() + 60 },
      { hs256: 'a-guessed-secret-that-is-long-enough-too' },
    );
    const router = { 'x-router-secret': ROUTER_SECRET };
    const answers = [
      await rig.post(QUERY),
      await rig.post(QUERY, {}, { ...router, 'x-api-key': wrongKey }),
      await rig.post(QUERY, {}, { ...router, authorization: `Bearer ${expired}` }),
      await rig.post(QUERY, {}, { ...router, authorization: `Bearer ${forged}` }),
      await rig.post(SYNC, {}, { ...router, 'x-api-key': reader.key }),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 403]);
    for (const answer of answers) {
      expect(answer.body.errors).toHaveLength(1);
      expect(Object.keys(answer.body.errors?.[0].extensions ?? {})).toEqual(['code']);
      for (const secret of [HS256_SECRET, ROUTER_SECRET, reader.key, reader.sha256, wrongKey]) {
        expect(answer.text).not.toContain(secret);
      }
      expect(answer.text).not.toContain(expired);
      expect(answer.text).not.toMatch(/\bat .*\.[jt]s:\d+/);
    }
  });

  it('logs refusals by reason, never with a credential or secret', () => {
    const log = lines.join('');

    expect(log).toContain('refused unauthenticated request');
    expect(log).toContain('"reason":"unknown_api_key"');
    for (const secret of [HS256_SECRET, ROUTER_SECRET, reader.key, reader.sha256]) {
      expect(log).not.toContain(secret);
    }
  });
});
