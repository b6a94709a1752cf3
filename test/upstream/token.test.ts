import { DEFAULT_CLIENT_SECRET } from '../../src/simulator';
import {
  UpstreamConfigurationError,
  UpstreamCredentialsRejectedError,
  UpstreamUnavailableError,
} from '../../src/upstream';
import { DAY, startSimulatedUpstream, type SimulatedUpstream } from './simulated-upstream';

describe('upstream token (step 1) against the simulator', () => {
  let upstream: SimulatedUpstream;

  afterEach(async () => {
    await upstream.close();
  });

  it('fetches a token once and reuses it for later report requests', async () => {
    upstream = await startSimulatedUpstream();
    await upstream.client.requestReport(DAY);
    await upstream.client.requestReport(DAY);
    await upstream.client.requestReport(DAY);

    expect(upstream.simulator.counters.tokenRequests).toBe(1);
    expect(upstream.simulator.counters.reportsCreated).toBe(3);
  });

  it('fetches one token for many concurrent report requests', async () => {
    upstream = await startSimulatedUpstream();
    await Promise.all(Array.from({ length: 12 }, () => upstream.client.requestReport(DAY)));

    expect(upstream.simulator.counters.tokenRequests).toBe(1);
    expect(upstream.simulator.counters.reportsCreated).toBe(12);
  });

  it('replaces the token shortly before it expires, before the vendor would refuse it', async () => {
    upstream = await startSimulatedUpstream(
      { tokenTtlSeconds: 600 },
      { tokenRefreshMarginMs: 30_000 },
    );
    await upstream.client.requestReport(DAY);

    upstream.simulator.clock.advance(569_000); // 31 s before expiry: still used
    await upstream.client.requestReport(DAY);
    expect(upstream.simulator.counters.tokenRequests).toBe(1);

    upstream.simulator.clock.advance(2_000); // 29 s before expiry: inside the margin
    await upstream.client.requestReport(DAY);
    expect(upstream.simulator.counters.tokenRequests).toBe(2);
    expect(upstream.simulator.counters.reportRequests).toBe(3); // no request was refused
  });

  it('retries a 500 from the token service with backoff, then succeeds', async () => {
    upstream = await startSimulatedUpstream();
    upstream.simulator.faults.tokenServerErrors = 2;

    await expect(upstream.client.requestReport(DAY)).resolves.toMatchObject({ day: DAY });
    expect(upstream.simulator.counters.tokenRequests).toBe(3);
    const retries = upstream.logs.filter((line) => line.msg?.toString().startsWith('retrying'));
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatchObject({ level: 40, step: 'token', status: 500, attempt: 1 });
    expect(retries[0].waitMs).toEqual(expect.any(Number));
  });

  it('gives up after the configured attempts when the token service keeps failing', async () => {
    upstream = await startSimulatedUpstream();
    upstream.simulator.faults.tokenServerErrors = Infinity;

    const failure = upstream.client.requestReport(DAY);
    await expect(failure).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      context: { step: 'token', status: 500, vendorError: 'internal_server_error', attempt: 4 },
    });
    expect(upstream.simulator.counters.tokenRequests).toBe(4);
    expect(upstream.simulator.counters.reportRequests).toBe(0);
  });

  it('reports rejected credentials (invalid_client) clearly and does not retry', async () => {
    upstream = await startSimulatedUpstream();
    upstream.simulator.revokeCredentials();

    const failure = upstream.client.requestReport(DAY);
    await expect(failure).rejects.toBeInstanceOf(UpstreamCredentialsRejectedError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_CREDENTIALS_REJECTED',
      retryable: false,
      context: { step: 'token', status: 400, vendorError: 'invalid_client' },
    });
    await expect(failure).rejects.toThrow(/client id or secret is wrong, revoked or disabled/);
    expect(upstream.simulator.counters.tokenRequests).toBe(1);
  });

  it('reports a wrong secret as rejected credentials without quoting it', async () => {
    upstream = await startSimulatedUpstream({}, { clientSecret: 'wrong-secret-value' });

    const error: unknown = await upstream.client.requestReport(DAY).catch((caught) => caught);
    expect(error).toBeInstanceOf(UpstreamCredentialsRejectedError);
    expect((error as Error).message).not.toContain('wrong-secret-value');
    expect((error as Error).message).not.toContain(DEFAULT_CLIENT_SECRET);
  });

  it('reports a token path the vendor does not know as a configuration error', async () => {
    upstream = await startSimulatedUpstream(
      {},
      {
        requestTemplate: {
          tokenPath: '/auth/v2/token',
          reportPath: '/api/v1/report',
          reportQuery: { format: 'csv' },
          buildBody: (day) => ({ dateRange: { start: day, end: day } }),
        },
      },
    );

    const failure = upstream.client.requestReport(DAY);
    await expect(failure).rejects.toBeInstanceOf(UpstreamConfigurationError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_CONFIGURATION',
      context: { step: 'token', status: 404 },
    });
    expect(upstream.simulator.counters.tokenRequests).toBe(0);
  });
});
