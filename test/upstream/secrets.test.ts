import { DEFAULT_CLIENT_SECRET } from '../../src/simulator';
import type { ReportTicket } from '../../src/upstream';
import { DAY, startSimulatedUpstream, type SimulatedUpstream } from './simulated-upstream';

/**
 * Drives the client through its failure paths and checks that neither an error (message,
 * context) nor a log line carries the client secret, an access token or a URL signature.
 */
describe('upstream client secrecy', () => {
  let upstream: SimulatedUpstream;
  const errors: unknown[] = [];
  const tickets: ReportTicket[] = [];

  beforeAll(async () => {
    upstream = await startSimulatedUpstream(
      {},
      { poll: { baseDelayMs: 5, maxDelayMs: 10, deadlineMs: 60 } },
    );
    const { client, simulator, directory } = upstream;
    const attempt = async (work: () => Promise<unknown>): Promise<void> => {
      await work().then(
        () => undefined,
        (error: unknown) => errors.push(error),
      );
    };

    // A working token and ticket, then a token the vendor forgot (401 -> refresh).
    tickets.push(await client.requestReport(DAY));
    simulator.revokeCredentials();
    simulator.restoreCredentials();
    tickets.push(await client.requestReport(DAY));
    // 500s until the attempts run out, an invalid query, a rate limit.
    simulator.faults.reportServerErrors = Infinity;
    await attempt(() => client.requestReport(DAY));
    simulator.faults.clear();
    await attempt(() => client.requestReport('2025-01-01'));
    simulator.faults.reportRateLimits = Infinity;
    simulator.faults.rateLimitRetryAfterSeconds = 0;
    await attempt(() => client.requestReport(DAY));
    simulator.faults.clear();
    // A file that never comes, a reset mid-body, an expired URL.
    simulator.faults.neverReadyReports = 1;
    const never = await client.requestReport(DAY);
    tickets.push(never);
    await attempt(() => client.downloadReport(never, { directory }));
    simulator.faults.resetDownloads = 1;
    simulator.faults.resetAfterBytes = 500;
    await attempt(() => client.downloadReport(tickets[0], { directory }));
    await client.downloadReport(tickets[1], { directory });
    simulator.clock.advance(4 * 3_600_000);
    await attempt(() => client.downloadReport(tickets[0], { directory }));
    // Finally the credentials are revoked for good.
    simulator.revokeCredentials();
    await attempt(() => client.requestReport(DAY));
  });

  afterAll(async () => {
    await upstream.close();
  });

  function secrets(): string[] {
    const signatures = tickets.map((ticket) => new URL(ticket.url).search.slice(1));
    return [DEFAULT_CLIENT_SECRET, ...signatures];
  }

  it('went through every failure kind', () => {
    const codes = errors.map((error) => (error as { code: string }).code);
    expect(new Set(codes)).toEqual(
      new Set([
        'UPSTREAM_UNAVAILABLE',
        'UPSTREAM_INVALID_QUERY',
        'UPSTREAM_RATE_LIMITED',
        'UPSTREAM_REPORT_NOT_READY',
        'UPSTREAM_DOWNLOAD_FAILED',
        'UPSTREAM_URL_EXPIRED',
        'UPSTREAM_CREDENTIALS_REJECTED',
      ]),
    );
  });

  it('keeps secrets, tokens and signatures out of error messages and contexts', () => {
    for (const error of errors) {
      const { message, context } = error as { message: string; context: object };
      const text = `${message} ${JSON.stringify(context)}`;
      for (const secret of secrets()) expect(text).not.toContain(secret);
      expect(text).not.toContain('eyJ'); // every JWT starts with the encoded '{"'
      expect(text).not.toContain('sig=');
    }
  });

  it('keeps secrets, tokens and signatures out of every log line', () => {
    expect(upstream.logs.length).toBeGreaterThan(20);
    const text = upstream.logs.map((line) => JSON.stringify(line)).join('\n');
    for (const secret of secrets()) expect(text).not.toContain(secret);
    expect(text).not.toContain('eyJ');
    expect(text).not.toContain('sig=');
  });
});
