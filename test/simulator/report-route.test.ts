import type { RunningSimulator } from '../../src/simulator';
import { fetchToken, postJson, requestReport, startTestSimulator } from './helpers';

describe('POST /api/v1/report', () => {
  let sim: RunningSimulator;
  let token: string;

  beforeEach(async () => {
    sim = await startTestSimulator();
    token = await fetchToken(sim);
  });
  afterEach(() => sim.close());

  const post = (body: unknown, headers: Record<string, string> = {}, query = '?format=csv') =>
    postJson(`${sim.url}/api/v1/report${query}`, body, {
      authorization: `Bearer ${token}`,
      ...headers,
    });
  const oneDay = (day: string) => ({ dateRange: { start: day, end: day } });

  it('answers a pre-signed URL on the same server and a report id', async () => {
    const answer = await requestReport(sim, token, '2026-03-09');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ url: expect.any(String), id: expect.any(String) });
    const url = new URL(answer.body.url as string);
    expect(url.origin).toBe(sim.url);
    expect(url.pathname).toBe(`/files/${answer.body.id}.csv`);
    expect(url.searchParams.get('sig')).toMatch(/^[\w-]{20,}$/);
    expect(sim.counters.reportsCreated).toBe(1);
    expect(sim.counters.forDay('2026-03-09')).toMatchObject({
      reportRequests: 1,
      reportsCreated: 1,
    });
  });

  it('accepts an optional source', async () => {
    const answer = await post({ ...oneDay('2026-03-09'), source: 'offerwall' });
    expect(answer.status).toBe(200);
  });

  describe('bearer token', () => {
    it.each([
      ['no Authorization header', {}],
      ['an empty Authorization header', { authorization: '' }],
      ['a scheme without a token', { authorization: 'Bearer ' }],
      ['an unknown token', { authorization: 'Bearer abc.def.ghi' }],
    ])('answers 401 invalid_token to %s', async (_case, headers) => {
      const answer = await postJson(
        `${sim.url}/api/v1/report?format=csv`,
        oneDay('2026-03-09'),
        headers,
      );
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'invalid_token', message: expect.any(String) });
    });

    it('accepts the token until 3600 s after issue, then answers 401', async () => {
      sim.clock.advance(3_599_999);
      const before = await post(oneDay('2026-03-09'));
      sim.clock.advance(1);
      const after = await post(oneDay('2026-03-09'));

      expect(before.status).toBe(200);
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('invalid_token');
      expect(after.body.message).toMatch(/expired/);
    });

    it('answers 401 to tokens issued before the credentials were revoked, even once restored', async () => {
      sim.revokeCredentials();
      const revoked = await post(oneDay('2026-03-09'));
      sim.restoreCredentials();
      const restored = await post(oneDay('2026-03-09'));

      expect(revoked.status).toBe(401);
      expect(restored.status).toBe(401);
      expect(restored.body.error).toBe('invalid_token');
    });
  });

  describe('query validation', () => {
    it.each([
      ['no dateRange', {}, 'Invalid value undefined supplied to : Query/ Date'],
      [
        'no start',
        { dateRange: { end: '2026-03-09' } },
        'Invalid value undefined supplied to : Query/ Date',
      ],
      [
        'a date that is not ISO 8601',
        oneDay('XXXXX'),
        'Invalid value "XXXXX" supplied to : Query/ Date',
      ],
      [
        'a day-first date',
        oneDay('09-03-2026'),
        'Invalid value "09-03-2026" supplied to : Query/ Date',
      ],
      [
        'a date with a time',
        oneDay('2026-03-09T00:00:00Z'),
        'Invalid value "2026-03-09T00:00:00Z" supplied to : Query/ Date',
      ],
      [
        'a day that does not exist',
        oneDay('2026-02-30'),
        'Invalid value "2026-02-30" supplied to : Query/ Date',
      ],
    ])('answers 400 invalid_query to %s', async (_case, body, message) => {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'invalid_query', message });
    });

    it('answers 400 to a range of more than one day, naming the rule', async () => {
      const answer = await post({ dateRange: { start: '2026-03-08', end: '2026-03-09' } });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_query');
      expect(answer.body.message).toMatch(/^Invalid value .* supplied to : Query\/ Date .*one day/);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const answer = await post('dateRange=2026-03-09');
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_query');
    });

    it('answers 400 to a non-string source', async () => {
      const answer = await post({ ...oneDay('2026-03-09'), source: 7 });
      expect(answer.body).toEqual({
        error: 'invalid_query',
        message: 'Invalid value 7 supplied to : Query/ source',
      });
    });

    it('answers 400 when the format is not csv', async () => {
      const missing = await post(oneDay('2026-03-09'), {}, '');
      const json = await post(oneDay('2026-03-09'), {}, '?format=json');
      expect([missing.status, json.status]).toEqual([400, 400]);
      expect(json.body.message).toBe(
        'Invalid value "json" supplied to : Query/ format (expected "csv")',
      );
    });
  });

  describe('availability window', () => {
    // On 2026-03-10, T-12 is 2026-02-26 and T-1 is 2026-03-09.
    const statusAt = async (now: string, day: string) => {
      sim.clock.set(now);
      token = await fetchToken(sim);
      return (await post(oneDay(day))).status;
    };

    it('serves T-12 to T-2 before noon, but not T-1', async () => {
      const justBefore = '2026-03-10T11:59:59.999Z';
      expect(await statusAt(justBefore, '2026-02-26')).toBe(200);
      expect(await statusAt(justBefore, '2026-03-08')).toBe(200);
      expect(await statusAt(justBefore, '2026-03-09')).toBe(400);
    });

    it('serves T-1 from 12:00 UTC exactly', async () => {
      expect(await statusAt('2026-03-10T12:00:00.000Z', '2026-03-09')).toBe(200);
    });

    it('refuses T-13, today and the future at any hour', async () => {
      for (const now of ['2026-03-10T00:00:00.000Z', '2026-03-10T23:59:59.999Z']) {
        expect(await statusAt(now, '2026-02-25')).toBe(400);
        expect(await statusAt(now, '2026-03-10')).toBe(400);
        expect(await statusAt(now, '2026-04-01')).toBe(400);
      }
    });

    it('says why and which days are available', async () => {
      sim.clock.set('2026-03-10T09:00:00.000Z');
      const gone = await post(oneDay('2026-02-25'));
      const early = await post(oneDay('2026-03-09'));

      expect(gone.body.error).toBe('invalid_query');
      expect(gone.body.message).toContain('"2026-02-25" is older than the window');
      expect(gone.body.message).toContain('2026-02-26 to 2026-03-08');
      expect(early.body.message).toContain('"2026-03-09" is not available yet');
      expect(early.body.message).toContain("yesterday's from 12:00 UTC");
    });

    it('follows a configured window and hour', async () => {
      const custom = await startTestSimulator({
        availability: { windowDays: 3, availableHourUtc: 6 },
      });
      try {
        const customToken = await fetchToken(custom);
        custom.clock.set('2026-03-10T06:00:00.000Z');
        const statuses = [];
        for (const day of ['2026-03-06', '2026-03-07', '2026-03-09']) {
          statuses.push((await requestReport(custom, customToken, day)).status);
        }
        expect(statuses).toEqual([400, 200, 200]);
      } finally {
        await custom.close();
      }
    });
  });

  describe('limits and faults', () => {
    it('answers 429 with Retry-After until the next UTC midnight once the daily quota is used', async () => {
      const limited = await startTestSimulator({ dailyReportQuota: 2 });
      try {
        const limitedToken = await fetchToken(limited);
        const statuses = [];
        for (let i = 0; i < 3; i += 1) {
          statuses.push((await requestReport(limited, limitedToken, '2026-03-09')).status);
        }
        const refused = await requestReport(limited, limitedToken, '2026-03-08');
        limited.clock.set('2026-03-11T00:00:00.000Z');
        const nextDay = await requestReport(limited, await fetchToken(limited), '2026-03-08');

        expect(statuses).toEqual([200, 200, 429]);
        expect(refused.status).toBe(429);
        // 13:00 to midnight is 11 hours.
        expect(refused.headers['retry-after']).toBe(String(11 * 3600));
        expect(refused.body.error).toBe('rate_limited');
        expect(nextDay.status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it('fails the next n report requests with 500, then serves', async () => {
      sim.faults.reportServerErrors = 1;
      const failed = await post(oneDay('2026-03-09'));
      const served = await post(oneDay('2026-03-09'));

      expect(failed.status).toBe(500);
      expect(failed.body.error).toBe('internal_server_error');
      expect(served.status).toBe(200);
    });

    it('rate-limits the next n report requests with the configured Retry-After', async () => {
      sim.faults.reportRateLimits = 2;
      sim.faults.rateLimitRetryAfterSeconds = 7;
      const answers = [];
      for (let i = 0; i < 3; i += 1) answers.push(await post(oneDay('2026-03-09')));

      expect(answers.map((answer) => answer.status)).toEqual([429, 429, 200]);
      expect(answers[0].headers['retry-after']).toBe('7');
      expect(sim.counters.reportRequests).toBe(3);
      expect(sim.counters.reportsCreated).toBe(1);
    });

    it('keeps a fault on while it is set to Infinity', async () => {
      sim.faults.reportServerErrors = Infinity;
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await post(oneDay('2026-03-09'))).status);
      sim.faults.clear();

      expect(statuses).toEqual([500, 500, 500]);
      expect((await post(oneDay('2026-03-09'))).status).toBe(200);
    });
  });
});
