import { request } from 'undici';

import type { RunningSimulator } from '../../src/simulator';
import { AFTERNOON, postJson, startTestSimulator } from './helpers';

const credentials = {
  grant_type: 'client_credentials',
  client_id: 'acme-reporting',
  client_secret: 's3cr3t',
};

describe('POST /auth/v1/token', () => {
  let sim: RunningSimulator;
  const tokenUrl = () => `${sim.url}/auth/v1/token`;

  beforeEach(async () => {
    sim = await startTestSimulator({ clientId: 'acme-reporting', clientSecret: 's3cr3t' });
  });
  afterEach(() => sim.close());

  it('issues a lowercase bearer JWT-shaped token valid for 3600 s', async () => {
    const answer = await postJson(tokenUrl(), credentials);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'bearer',
      expiresIn: 3600,
    });
    const parts = (answer.body.accessToken as string).split('.');
    expect(parts).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    expect(payload.iat).toBe(Date.parse(AFTERNOON) / 1000);
    expect(payload.exp - payload.iat).toBe(3600);
    expect(sim.counters.tokensIssued).toBe(1);
  });

  it('uses the configured lifetime', async () => {
    const short = await startTestSimulator({ tokenTtlSeconds: 60 });
    try {
      const answer = await postJson(`${short.url}/auth/v1/token`, {
        grant_type: 'client_credentials',
        client_id: 'simulator-client',
        client_secret: 'simulator-secret',
      });
      expect(answer.body.expiresIn).toBe(60);
    } finally {
      await short.close();
    }
  });

  it('accepts a form-encoded body as OAuth servers do', async () => {
    const form = new URLSearchParams(credentials).toString();
    const answer = await postJson(tokenUrl(), form, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['another grant type', { ...credentials, grant_type: 'password' }, 'unsupported_grant_type'],
    [
      'a missing grant type',
      { client_id: 'acme-reporting', client_secret: 's3cr3t' },
      'invalid_request',
    ],
    [
      'a missing secret',
      { grant_type: 'client_credentials', client_id: 'acme-reporting' },
      'invalid_request',
    ],
    ['an empty client id', { ...credentials, client_id: '' }, 'invalid_request'],
    ['a body that is not JSON', '{"grant_type":', 'invalid_request'],
    ['a wrong secret', { ...credentials, client_secret: 'guess' }, 'invalid_client'],
    ['a wrong client id', { ...credentials, client_id: 'someone-else' }, 'invalid_client'],
  ])('answers 400 to %s', async (_case, body, error) => {
    const answer = await postJson(tokenUrl(), body);

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error, message: expect.any(String) });
    expect(sim.counters.tokenRequests).toBe(1);
    expect(sim.counters.tokensIssued).toBe(0);
  });

  it('never repeats the secret in an error message', async () => {
    const answer = await postJson(tokenUrl(), { ...credentials, client_secret: 'guess-me' });
    expect(JSON.stringify(answer.body)).not.toContain('guess-me');
    expect(JSON.stringify(answer.body)).not.toContain('s3cr3t');
  });

  it('fails the next n requests with 500 when the fault is set, then recovers', async () => {
    sim.faults.tokenServerErrors = 2;

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await postJson(tokenUrl(), credentials)).status);

    expect(statuses).toEqual([500, 500, 200]);
    expect(sim.faults.tokenServerErrors).toBe(0);
    expect(sim.counters.tokenRequests).toBe(3);
    expect(sim.counters.tokensIssued).toBe(1);
  });

  it('answers invalid_client while the credentials are revoked, and issues again once restored', async () => {
    sim.revokeCredentials();
    const refused = await postJson(tokenUrl(), credentials);
    sim.restoreCredentials();
    const accepted = await postJson(tokenUrl(), credentials);

    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_client');
    expect(accepted.status).toBe(200);
  });

  it('answers 405 to a GET', async () => {
    const response = await request(tokenUrl());
    await response.body.dump();
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });
});
