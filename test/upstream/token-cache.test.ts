import { silentLogger } from '../../src/logging/logger';
import {
  createUpstreamClient,
  UpstreamCredentialsRejectedError,
  UpstreamUnavailableError,
  type UpstreamCallEvent,
  type UpstreamClient,
} from '../../src/upstream';
import { startScriptedVendor, type ScriptedVendor } from '../support/scripted-vendor';

const TOKEN_PATH = '/auth/v1/token';
const REPORT_PATH = '/api/v1/report?format=csv';

describe('AccessTokenCache (through the client, against a scripted vendor failing unscripted calls)', () => {
  let vendor: ScriptedVendor;
  let client: UpstreamClient;
  let clock: Date;
  let calls: UpstreamCallEvent[];

  beforeEach(async () => {
    vendor = await startScriptedVendor();
    clock = new Date('2026-11-28T13:00:00Z');
    calls = [];
    client = createUpstreamClient({
      baseUrl: vendor.url,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      logger: silentLogger(),
      now: () => clock,
      retry: { maxAttempts: 1 },
      tokenRefreshMarginMs: 60_000,
      onCall: (event) => calls.push(event),
    });
  });

  afterEach(async () => {
    await client.close();
    await vendor.close();
    vendor.assertNoUnscriptedCalls();
  });

  // The delay keeps the token call open while the other callers arrive.
  function replyToken(times: number, token = 'token-a', tokenType = 'bearer'): void {
    vendor.answer('POST', TOKEN_PATH, {
      status: 200,
      json: { accessToken: token, tokenType, expiresIn: 3600 },
      delayMs: 20,
      times,
    });
  }

  function replyReport(times: number): void {
    vendor.answer('POST', REPORT_PATH, {
      status: 200,
      json: { id: 'r-1', url: `${vendor.url}/files/r-1.csv?X-Signature=abc` },
      times,
    });
  }

  const tokenCalls = (): number => calls.filter((call) => call.step === 'token').length;
  /** The Authorization header of every report call, oldest first: which token each one used. */
  const reportAuthorizations = (): Array<string | undefined> =>
    vendor.requests
      .filter((request) => request.method === 'POST' && request.path === REPORT_PATH)
      .map((request) => request.headers.authorization);

  it('fetches one token for many concurrent callers', async () => {
    replyToken(1);
    replyReport(8);

    const tickets = await Promise.all(
      Array.from({ length: 8 }, () => client.requestReport('2026-11-20')),
    );

    expect(tickets.map((ticket) => ticket.reportId)).toEqual(Array(8).fill('r-1'));
    expect(tokenCalls()).toBe(1);
    expect(reportAuthorizations()).toEqual(Array(8).fill('Bearer token-a'));
    vendor.assertAllAnswered();
  });

  it('reuses the token until the refresh margin before its expiry, then fetches a new one', async () => {
    replyToken(1, 'token-a');
    replyReport(2);
    await client.requestReport('2026-11-20');

    // 3600 s lifetime, 60 s margin: still handed out 3539 s later.
    clock = new Date(clock.getTime() + 3_539_000);
    await client.requestReport('2026-11-20');
    expect(tokenCalls()).toBe(1);
    expect(reportAuthorizations()).toEqual(['Bearer token-a', 'Bearer token-a']);

    replyToken(1, 'token-b');
    replyReport(1);
    clock = new Date(clock.getTime() + 2_000);
    await client.requestReport('2026-11-20');
    expect(tokenCalls()).toBe(2);
    expect(reportAuthorizations()).toEqual(['Bearer token-a', 'Bearer token-a', 'Bearer token-b']);
    vendor.assertAllAnswered();
  });

  it('accepts the token type in any case', async () => {
    replyToken(1, 'token-a', 'Bearer');
    replyReport(1);
    await expect(client.requestReport('2026-11-20')).resolves.toMatchObject({ reportId: 'r-1' });
    expect(reportAuthorizations()).toEqual(['Bearer token-a']);
  });

  it('does not keep a failed fetch: the next caller tries again', async () => {
    vendor.answer('POST', TOKEN_PATH, { status: 500, json: { error: 'internal_server_error' } });
    await expect(client.requestReport('2026-11-20')).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );

    replyToken(1);
    replyReport(1);
    await expect(client.requestReport('2026-11-20')).resolves.toMatchObject({ reportId: 'r-1' });
    expect(tokenCalls()).toBe(2);
    expect(reportAuthorizations()).toEqual(['Bearer token-a']);
  });

  it('gives every concurrent caller the same credentials error from one call', async () => {
    vendor.answer('POST', TOKEN_PATH, {
      status: 400,
      json: { error: 'invalid_client' },
      delayMs: 20,
    });

    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => client.requestReport('2026-11-20')),
    );

    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(
        UpstreamCredentialsRejectedError,
      );
    }
    expect(tokenCalls()).toBe(1);
  });

  it('lets one caller stop waiting without cancelling the fetch the others share', async () => {
    replyToken(1);
    replyReport(1);
    const controller = new AbortController();
    const abandoned = client.requestReport('2026-11-20', { signal: controller.signal });
    const kept = client.requestReport('2026-11-20');
    controller.abort(new Error('caller gave up'));

    await expect(abandoned).rejects.toThrow('caller gave up');
    await expect(kept).resolves.toMatchObject({ reportId: 'r-1' });
    expect(tokenCalls()).toBe(1);
    expect(reportAuthorizations()).toEqual(['Bearer token-a']);
  });
});
