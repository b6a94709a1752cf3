import {
  UpstreamCredentialsRejectedError,
  UpstreamInvalidQueryError,
  UpstreamRateLimitedError,
} from '../../src/upstream';
import {
  DAY,
  PINNED_AT,
  startSimulatedUpstream,
  type SimulatedUpstream,
} from './simulated-upstream';

describe('upstream report request (step 2) against the simulator', () => {
  let upstream: SimulatedUpstream;

  afterEach(async () => {
    await upstream.close();
  });

  it('returns a ticket with the report id, the pre-signed URL and the request time', async () => {
    upstream = await startSimulatedUpstream();

    const ticket = await upstream.client.requestReport(DAY);

    expect(ticket.day).toBe(DAY);
    expect(ticket.reportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ticket.url.startsWith(`${upstream.simulator.url}/files/${ticket.reportId}.csv?`)).toBe(
      true,
    );
    expect(ticket.requestedAt).toBe(PINNED_AT);
    expect(upstream.simulator.counters.forDay(DAY).reportsCreated).toBe(1);
  });

  it('sends the configured source, which the vendor accepts', async () => {
    upstream = await startSimulatedUpstream({}, { source: 'offerwall' });
    await expect(upstream.client.requestReport(DAY)).resolves.toMatchObject({ day: DAY });
  });

  it('refreshes a token the vendor refuses (401) once and retries the request once', async () => {
    upstream = await startSimulatedUpstream();
    await upstream.client.requestReport(DAY);
    // Revoking forgets every issued token; restoring lets a new one be fetched.
    upstream.simulator.revokeCredentials();
    upstream.simulator.restoreCredentials();

    await expect(upstream.client.requestReport(DAY)).resolves.toMatchObject({ day: DAY });
    expect(upstream.simulator.counters.tokenRequests).toBe(2);
    expect(upstream.simulator.counters.reportRequests).toBe(3);
  });

  it('fails without looping when the credentials are revoked under a cached token', async () => {
    upstream = await startSimulatedUpstream();
    await upstream.client.requestReport(DAY);
    upstream.simulator.revokeCredentials();

    const failure = upstream.client.requestReport(DAY);
    await expect(failure).rejects.toBeInstanceOf(UpstreamCredentialsRejectedError);
    await expect(failure).rejects.toMatchObject({ context: { step: 'token', status: 400 } });
    expect(upstream.simulator.counters.reportRequests).toBe(2);
    expect(upstream.simulator.counters.tokenRequests).toBe(2);
  });

  it('retries a 500 from the report service, then returns the ticket', async () => {
    upstream = await startSimulatedUpstream();
    upstream.simulator.faults.reportServerErrors = 2;

    await expect(upstream.client.requestReport(DAY)).resolves.toMatchObject({ day: DAY });
    expect(upstream.simulator.counters.reportRequests).toBe(3);
    expect(upstream.simulator.counters.tokenRequests).toBe(1);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    upstream = await startSimulatedUpstream();
    upstream.simulator.faults.reportRateLimits = 1;
    upstream.simulator.faults.rateLimitRetryAfterSeconds = 1;

    const started = performance.now();
    await expect(upstream.client.requestReport(DAY)).resolves.toMatchObject({ day: DAY });

    // The configured backoff is at most 20 ms, so a wait near a second is the vendor's.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    const retry = upstream.logs.find((line) => line.msg?.toString().startsWith('retrying'));
    expect(retry).toMatchObject({ step: 'report', status: 429, waitMs: 1_000, day: DAY });
  });

  it('gives up with a rate-limit error when 429s outlast the attempts', async () => {
    upstream = await startSimulatedUpstream();
    upstream.simulator.faults.reportRateLimits = Infinity;
    upstream.simulator.faults.rateLimitRetryAfterSeconds = 0;

    const failure = upstream.client.requestReport(DAY);
    await expect(failure).rejects.toBeInstanceOf(UpstreamRateLimitedError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      context: { step: 'report', day: DAY, status: 429, attempt: 4, retryAfterMs: 0 },
    });
    expect(upstream.simulator.counters.reportRequests).toBe(4);
  });

  it('fails at once when Retry-After asks for longer than the client waits', async () => {
    upstream = await startSimulatedUpstream({ dailyReportQuota: 1 });
    await upstream.client.requestReport(DAY);

    const failure = upstream.client.requestReport(DAY);
    // 11 hours until the next UTC midnight on the pinned clock.
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      context: { retryAfterMs: 11 * 3_600_000, attempt: 1 },
    });
    expect(upstream.simulator.counters.reportRequests).toBe(2);
  });

  it("surfaces the vendor's invalid_query message and does not retry", async () => {
    upstream = await startSimulatedUpstream();

    const failure = upstream.client.requestReport('2026-10-01');
    await expect(failure).rejects.toBeInstanceOf(UpstreamInvalidQueryError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_INVALID_QUERY',
      retryable: false,
      context: { step: 'report', day: '2026-10-01', status: 400, vendorError: 'invalid_query' },
    });
    await expect(failure).rejects.toThrow('Date "2026-10-01" is older than the window');
    expect(upstream.simulator.counters.reportRequests).toBe(1);
  });

  it('sends the body built by the request template, and reports the vendor refusing it', async () => {
    upstream = await startSimulatedUpstream(
      {},
      {
        requestTemplate: {
          tokenPath: '/auth/v1/token',
          reportPath: '/api/v1/report',
          reportQuery: { format: 'csv' },
          buildBody: (day) => ({ date: day }),
        },
      },
    );

    await expect(upstream.client.requestReport(DAY)).rejects.toThrow(
      'Invalid value undefined supplied to : Query/ Date',
    );
  });

  it('refuses a malformed day before calling the vendor', async () => {
    upstream = await startSimulatedUpstream();

    await expect(upstream.client.requestReport('20-11-2026')).rejects.toThrow(
      `Report day "20-11-2026" is not a UTC day written 'YYYY-MM-DD'`,
    );
    expect(upstream.simulator.counters.tokenRequests).toBe(0);
  });
});
