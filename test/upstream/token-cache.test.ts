import { MockAgent } from 'undici';

import { silentLogger } from '../../src/logging/logger';
import {
  createUpstreamClient,
  UpstreamCredentialsRejectedError,
  UpstreamUnavailableError,
  type UpstreamCallEvent,
  type UpstreamClient,
} from '../../src/upstream';

const ORIGIN = 'https://reporting.test';
const FILES = 'https://files.test';

describe('AccessTokenCache (through the client, against a MockAgent refusing unmatched calls)', () => {
  let agent: MockAgent;
  let client: UpstreamClient;
  let clock: Date;
  let calls: UpstreamCallEvent[];

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    clock = new Date('2026-11-28T13:00:00Z');
    calls = [];
    client = createUpstreamClient({
      baseUrl: ORIGIN,
      clientId: 'client-1',
      clientSecret: 'secret-1',
      logger: silentLogger(),
      dispatcher: agent,
      now: () => clock,
      retry: { maxAttempts: 1 },
      tokenRefreshMarginMs: 60_000,
      onCall: (event) => calls.push(event),
    });
  });

  afterEach(async () => {
    await client.close();
    await agent.close();
  });

  function replyToken(times: number, token = 'token-a', tokenType = 'bearer'): void {
    agent
      .get(ORIGIN)
      .intercept({ path: '/auth/v1/token', method: 'POST' })
      .reply(200, { accessToken: token, tokenType, expiresIn: 3600 })
      .delay(20)
      .times(times);
  }

  function replyReport(times: number, expectedToken: string): void {
    agent
      .get(ORIGIN)
      .intercept({
        path: '/api/v1/report?format=csv',
        method: 'POST',
        headers: { authorization: `Bearer ${expectedToken}` },
      })
      .reply(200, { id: 'r-1', url: `${FILES}/r-1.csv?X-Signature=abc` })
      .times(times);
  }

  const tokenCalls = (): number => calls.filter((call) => call.step === 'token').length;

  it('fetches one token for many concurrent callers', async () => {
    replyToken(1);
    replyReport(8, 'token-a');

    const tickets = await Promise.all(
      Array.from({ length: 8 }, () => client.requestReport('2026-11-20')),
    );

    expect(tickets.map((ticket) => ticket.reportId)).toEqual(Array(8).fill('r-1'));
    expect(tokenCalls()).toBe(1);
    agent.assertNoPendingInterceptors();
  });

  it('reuses the token until the refresh margin before its expiry, then fetches a new one', async () => {
    replyToken(1, 'token-a');
    replyReport(2, 'token-a');
    await client.requestReport('2026-11-20');

    // 3600 s lifetime, 60 s margin: still handed out 3539 s later.
    clock = new Date(clock.getTime() + 3_539_000);
    await client.requestReport('2026-11-20');
    expect(tokenCalls()).toBe(1);

    replyToken(1, 'token-b');
    replyReport(1, 'token-b');
    clock = new Date(clock.getTime() + 2_000);
    await client.requestReport('2026-11-20');
    expect(tokenCalls()).toBe(2);
    agent.assertNoPendingInterceptors();
  });

  it('accepts the token type in any case', async () => {
    replyToken(1, 'token-a', 'Bearer');
    replyReport(1, 'token-a');
    await expect(client.requestReport('2026-11-20')).resolves.toMatchObject({ reportId: 'r-1' });
  });

  it('does not keep a failed fetch: the next caller tries again', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/auth/v1/token', method: 'POST' })
      .reply(500, { error: 'internal_server_error' });
    await expect(client.requestReport('2026-11-20')).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );

    replyToken(1);
    replyReport(1, 'token-a');
    await expect(client.requestReport('2026-11-20')).resolves.toMatchObject({ reportId: 'r-1' });
    expect(tokenCalls()).toBe(2);
  });

  it('gives every concurrent caller the same credentials error from one call', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/auth/v1/token', method: 'POST' })
      .reply(400, { error: 'invalid_client' })
      .delay(20);

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
    replyReport(1, 'token-a');
    const controller = new AbortController();
    const abandoned = client.requestReport('2026-11-20', { signal: controller.signal });
    const kept = client.requestReport('2026-11-20');
    controller.abort(new Error('caller gave up'));

    await expect(abandoned).rejects.toThrow('caller gave up');
    await expect(kept).resolves.toMatchObject({ reportId: 'r-1' });
    expect(tokenCalls()).toBe(1);
  });
});
