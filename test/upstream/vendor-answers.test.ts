import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { silentLogger } from '../../src/logging/logger';
import {
  createUpstreamClient,
  UpstreamConfigurationError,
  UpstreamCredentialsRejectedError,
  UpstreamDownloadError,
  UpstreamUnavailableError,
  type UpstreamClient,
} from '../../src/upstream';
import { startScriptedVendor, type ScriptedVendor } from '../support/scripted-vendor';

const NOW = new Date('2026-11-28T13:00:00Z');

/**
 * Answers the simulator never gives (it follows the contract): odd token errors, a token the
 * vendor refuses twice, malformed bodies, HTTP-date Retry-After. The scripted vendor answers only
 * what a test queued, and any other call fails the test.
 */
describe('upstream client on vendor answers outside the simulator', () => {
  let vendor: ScriptedVendor;
  let client: UpstreamClient;

  beforeEach(async () => {
    vendor = await startScriptedVendor();
    client = createUpstreamClient({
      baseUrl: vendor.url,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      logger: silentLogger(),
      now: () => NOW,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 },
      poll: { baseDelayMs: 1, maxDelayMs: 2, deadlineMs: 1_000 },
    });
  });

  afterEach(async () => {
    await client.close();
    await vendor.close();
    vendor.assertNoUnscriptedCalls();
  });

  const tokenPath = '/auth/v1/token';
  const reportPath = '/api/v1/report?format=csv';
  const filePath = '/files/r-1.csv?sig=s3cr3t';
  const goodToken = { accessToken: 'tok', tokenType: 'bearer', expiresIn: 3600 };
  const ticketForFile = () => ({
    day: '2026-11-20',
    reportId: 'r-1',
    url: `${vendor.url}${filePath}`,
    requestedAt: NOW.toISOString(),
  });

  it.each(['invalid_request', 'unsupported_grant_type'])(
    'turns a token 400 %s into a configuration error without retrying',
    async (vendorError) => {
      vendor.answer('POST', tokenPath, {
        status: 400,
        json: { error: vendorError, message: 'nope' },
      });

      const failure = client.requestReport('2026-11-20');
      await expect(failure).rejects.toBeInstanceOf(UpstreamConfigurationError);
      await expect(failure).rejects.toMatchObject({
        code: 'UPSTREAM_CONFIGURATION',
        context: { step: 'token', status: 400, vendorError, attempt: 1 },
      });
      vendor.assertAllAnswered();
    },
  );

  it('reports a 401 that survives a fresh token as rejected credentials, after one retry', async () => {
    vendor.answer('POST', tokenPath, { status: 200, json: goodToken, times: 2 });
    vendor.answer('POST', reportPath, { status: 401, json: { error: 'invalid_token' }, times: 2 });

    const failure = client.requestReport('2026-11-20');
    await expect(failure).rejects.toBeInstanceOf(UpstreamCredentialsRejectedError);
    await expect(failure).rejects.toMatchObject({
      context: { step: 'report', status: 401, vendorError: 'invalid_token' },
    });
    vendor.assertAllAnswered();
  });

  it('reads an HTTP-date Retry-After against the client clock', async () => {
    vendor.answer('POST', tokenPath, { status: 200, json: goodToken });
    const in7s = new Date(NOW.getTime() + 7_000).toUTCString();
    vendor.answer('POST', reportPath, { status: 429, headers: { 'retry-after': in7s } });

    // 7 s is beyond maxRetryAfterMs (5 s), so the client fails at once instead of waiting.
    await expect(client.requestReport('2026-11-20')).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      context: { retryAfterMs: 7_000, attempt: 1 },
    });
  });

  it('treats a token response with another token type as malformed', async () => {
    vendor.answer('POST', tokenPath, {
      status: 200,
      json: { ...goodToken, tokenType: 'mac' },
      times: 3,
    });

    await expect(client.requestReport('2026-11-20')).rejects.toThrow(
      'expected a non-empty accessToken, tokenType "bearer" and a positive expiresIn, got tokenType "mac"',
    );
  });

  it('treats a report response without a URL as malformed', async () => {
    vendor.answer('POST', tokenPath, { status: 200, json: goodToken });
    vendor.answer('POST', reportPath, { status: 200, json: { id: 'r-1' }, times: 3 });

    const failure = client.requestReport('2026-11-20');
    await expect(failure).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(failure).rejects.toThrow('expected a string id and an http(s) url');
  });

  it('keeps polling through a 503 and a 429 on the download URL', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'ltv-upstream-scripted-'));
    vendor.answer('GET', filePath, { status: 503, text: 'busy' });
    vendor.answer('GET', filePath, { status: 429, headers: { 'retry-after': '0' } });
    vendor.answer('GET', filePath, { status: 200, text: 'Date,User ID,Revenue (USD)\n' });

    try {
      const report = await client.downloadReport(ticketForFile(), { directory });
      expect(report.bytes).toBe(Buffer.byteLength('Date,User ID,Revenue (USD)\n'));
      vendor.assertAllAnswered();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('fails a download answered with a status outside the contract', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'ltv-upstream-scripted-'));
    vendor.answer('GET', filePath, { status: 410 });

    try {
      const failure = client.downloadReport(ticketForFile(), { directory });
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
    expect(vendor.requests).toEqual([]);
  });
});
