import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { MockAgent } from 'undici';

import { silentLogger } from '../../src/logging/logger';
import {
  createUpstreamClient,
  UpstreamConfigurationError,
  UpstreamCredentialsRejectedError,
  UpstreamDownloadError,
  UpstreamUnavailableError,
  type UpstreamClient,
} from '../../src/upstream';

const ORIGIN = 'https://reporting.test';
const FILES = 'https://files.test';
const NOW = new Date('2026-11-28T13:00:00Z');

/**
 * Answers the simulator never gives (it follows the contract): odd token errors, a token the
 * vendor refuses twice, malformed bodies, HTTP-date Retry-After. A MockAgent refuses any call
 * a test did not set up.
 */
describe('upstream client on vendor answers outside the simulator', () => {
  let agent: MockAgent;
  let client: UpstreamClient;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    client = createUpstreamClient({
      baseUrl: ORIGIN,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      logger: silentLogger(),
      dispatcher: agent,
      now: () => NOW,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 },
      poll: { baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 1_000 },
    });
  });

  afterEach(async () => {
    await client.close();
    await agent.close();
  });

  const api = () => agent.get(ORIGIN);
  const tokenCall = { path: '/auth/v1/token', method: 'POST' };
  const reportCall = { path: '/api/v1/report?format=csv', method: 'POST' };
  const goodToken = { accessToken: 'tok', tokenType: 'bearer', expiresIn: 3600 };

  it.each(['invalid_request', 'unsupported_grant_type'])(
    'turns a token 400 %s into a configuration error without retrying',
    async (vendorError) => {
      api().intercept(tokenCall).reply(400, { error: vendorError, message: 'nope' });

      const failure = client.requestReport('2026-11-20');
      await expect(failure).rejects.toBeInstanceOf(UpstreamConfigurationError);
      await expect(failure).rejects.toMatchObject({
        code: 'UPSTREAM_CONFIGURATION',
        context: { step: 'token', status: 400, vendorError, attempt: 1 },
      });
      agent.assertNoPendingInterceptors();
    },
  );

  it('reports a 401 that survives a fresh token as rejected credentials, after one retry', async () => {
    api().intercept(tokenCall).reply(200, goodToken).times(2);
    api().intercept(reportCall).reply(401, { error: 'invalid_token' }).times(2);

    const failure = client.requestReport('2026-11-20');
    await expect(failure).rejects.toBeInstanceOf(UpstreamCredentialsRejectedError);
    await expect(failure).rejects.toMatchObject({
      context: { step: 'report', status: 401, vendorError: 'invalid_token' },
    });
    agent.assertNoPendingInterceptors();
  });

  it('reads an HTTP-date Retry-After against the client clock', async () => {
    api().intercept(tokenCall).reply(200, goodToken);
    const in7s = new Date(NOW.getTime() + 7_000).toUTCString();
    api()
      .intercept(reportCall)
      .reply(429, '', { headers: { 'retry-after': in7s } });

    // 7 s is beyond maxRetryAfterMs (5 s), so the client fails at once instead of waiting.
    await expect(client.requestReport('2026-11-20')).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      context: { retryAfterMs: 7_000, attempt: 1 },
    });
  });

  it('treats a token response with another token type as malformed', async () => {
    api()
      .intercept(tokenCall)
      .reply(200, { ...goodToken, tokenType: 'mac' })
      .times(3);

    await expect(client.requestReport('2026-11-20')).rejects.toThrow(
      'expected a non-empty accessToken, tokenType "bearer" and a positive expiresIn, got tokenType "mac"',
    );
  });

  it('treats a report response without a URL as malformed', async () => {
    api().intercept(tokenCall).reply(200, goodToken);
    api().intercept(reportCall).reply(200, { id: 'r-1' }).times(3);

    const failure = client.requestReport('2026-11-20');
    await expect(failure).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(failure).rejects.toThrow('expected a string id and an http(s) url');
  });

  it('keeps polling through a 503 and a 429 on the download URL', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'ltv-upstream-mock-'));
    const files = agent.get(FILES);
    const file = { path: '/r-1.csv?sig=s3cr3t', method: 'GET' };
    files.intercept(file).reply(503, 'busy');
    files.intercept(file).reply(429, '', { headers: { 'retry-after': '0' } });
    files.intercept(file).reply(200, 'Date,User ID,Revenue (USD)\n');
    const ticket = {
      day: '2026-11-20',
      reportId: 'r-1',
      url: `${FILES}/r-1.csv?sig=s3cr3t`,
      requestedAt: NOW.toISOString(),
    };

    try {
      const report = await client.downloadReport(ticket, { directory });
      expect(report.bytes).toBe(Buffer.byteLength('Date,User ID,Revenue (USD)\n'));
      agent.assertNoPendingInterceptors();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('fails a download answered with a status outside the contract', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'ltv-upstream-mock-'));
    agent.get(FILES).intercept({ path: '/r-1.csv?sig=s3cr3t', method: 'GET' }).reply(410, '');
    const ticket = {
      day: '2026-11-20',
      reportId: 'r-1',
      url: `${FILES}/r-1.csv?sig=s3cr3t`,
      requestedAt: NOW.toISOString(),
    };

    try {
      const failure = client.downloadReport(ticket, { directory });
      await expect(failure).rejects.toBeInstanceOf(UpstreamDownloadError);
      await expect(failure).rejects.toThrow('answered HTTP 410');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses a damaged ticket without calling anyone', async () => {
    const ticket = { day: '2026-11-20', reportId: 'r-1', url: 'not a url', requestedAt: 'x' };
    await expect(client.downloadReport(ticket, { directory: os.tmpdir() })).rejects.toMatchObject({
      code: 'UPSTREAM_INVALID_TICKET',
    });
  });
});
