import { request } from 'undici';

import { createLogger } from '../../src/logging/logger';
import { acceptRequestId, requestLogger, runInRequestScope } from '../../src/logging/request-scope';
import { ExpectedReports } from '../support/expected';
import { INFO, startObservedService, type LogLine, type ObservedService } from './observed-service';

// Noon has passed on 2026-11-28: 2026-11-16 through 2026-11-27 are pullable.
const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 200, seed: 5 };
const RANGE = { from: '2026-11-26', to: '2026-11-27' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('acceptRequestId', () => {
  it('keeps a short id of safe characters', () => {
    expect(acceptRequestId('req-42_a.b:c')).toBe('req-42_a.b:c');
    expect(acceptRequestId(['first', 'second'])).toBe('first');
  });

  it('replaces a missing, long or unsafe id with a new UUID', () => {
    for (const sent of [undefined, '', 'x'.repeat(65), 'two words', 'a"b', 'line\nbreak', '<b>']) {
      expect(acceptRequestId(sent)).toMatch(UUID);
    }
  });
});

describe('requestLogger', () => {
  it('binds the request id once, also for children and inside the scope', () => {
    const raw: string[] = [];
    const logger = createLogger({
      level: 'info',
      format: 'json',
      destination: { write: (line: string) => void raw.push(line) },
    });

    runInRequestScope('abc', () => {
      requestLogger(logger).child({ module: 'x' }).info('from the context logger');
      logger.info('from the shared logger');
    });
    logger.info('outside any request');

    expect(raw.map((line) => line.split('"requestId":"abc"').length - 1)).toEqual([1, 1, 0]);
  });
});

describe('request ids over HTTP', () => {
  let rig: ObservedService;
  let expected: ExpectedReports;

  beforeAll(async () => {
    rig = await startObservedService({ now: NOW, simulator: POPULATION });
    expected = ExpectedReports.simulate(POPULATION, ['2026-11-26', '2026-11-27']);
  });
  afterAll(() => rig.close());

  const linesOf = (requestId: string, msg: string): LogLine[] =>
    rig.lines.filter((line) => line.requestId === requestId && line.msg === msg);

  it('returns the caller’s valid x-request-id, and a new one otherwise', async () => {
    const kept = await rig.get('/healthz', { 'x-request-id': 'probe-1' });
    const replaced = await rig.get('/healthz', { 'x-request-id': 'not safe!' });
    const missing = await request(`${rig.base}/nowhere`);
    await missing.body.dump();

    expect(kept.headers['x-request-id']).toBe('probe-1');
    expect(replaced.headers['x-request-id']).toMatch(UUID);
    expect(missing.headers['x-request-id']).toMatch(UUID);
  });

  it('carries the id into the SQL statements and vendor calls of the request', async () => {
    const answer = await rig.post(
      {
        query: 'mutation ($range: DateRange!) { syncDays(range: $range) { state } }',
        variables: { range: RANGE },
      },
      { 'x-request-id': 'sync-1' },
    );

    expect(answer.headers['x-request-id']).toBe('sync-1');
    expect(answer.body.errors).toBeUndefined();
    const statements = linesOf('sync-1', 'ran statement').map((line) => line.statement);
    expect(statements).toEqual(expect.arrayContaining(['save_sync_job', 'insert_day_rows']));
    const steps = linesOf('sync-1', 'upstream call').map((line) => line.step);
    expect(new Set(steps)).toEqual(new Set(['token', 'report', 'download']));
    expect(linesOf('sync-1', 'report day synced')).toHaveLength(2);
  });

  it('keeps each request’s lines apart, and lines outside requests without an id', async () => {
    const id = expected.userRows()[0].userId;
    const answer = await rig.post(
      { query: 'query ($id: ID!) { user(id: $id) { id } }', variables: { id } },
      { 'x-request-id': 'read-2' },
    );

    expect(answer.body.errors).toBeUndefined();
    expect(linesOf('read-2', 'ran statement').map((line) => line.statement)).toContain(
      'user_summaries',
    );
    expect(linesOf('read-2', 'upstream call')).toEqual([]);
    const opened = rig.lines.find((line) => line.msg === 'opened store');
    expect(opened).toBeDefined();
    expect(opened).not.toHaveProperty('requestId');
  });

  it('writes no advertising id at info level or above while serving them', async () => {
    const rows = expected.userRows().filter((row) => row.advertisingId !== '');
    const advertisingIds = [...new Set(rows.map((row) => row.advertisingId))];
    const before = rig.lines.length;

    // Look users up by advertising id, read their ids back, and download a whole segment.
    for (const row of rows.slice(0, 5)) {
      const answer = await rig.post({
        query:
          'query ($ad: String!) { userByAdvertisingId(advertisingId: $ad) { advertisingIds } }',
        variables: { ad: row.advertisingId },
      });
      expect(answer.body.errors).toBeUndefined();
    }
    const exported = await rig.post<{ data: { exportSegment: { url: string } } }>({
      query: 'mutation ($range: DateRange!) { exportSegment(range: $range, filter: {}) { url } }',
      variables: { range: RANGE },
    });
    const download = await request(exported.body.data.exportSegment.url);
    const csv = await download.body.text();
    expect(csv).toContain(rows[0].advertisingId);
    await rig.post({
      query: 'query ($ad: String!) { userByAdvertisingId(advertisingId: $ad) { id } }',
      variables: { ad: `${rows[0].advertisingId}\u0000` },
    });

    const written = rig.lines.slice(before);
    const loud = written.filter((line) => line.level >= INFO);
    expect(written.length).toBeGreaterThan(loud.length);
    expect(loud.length).toBeGreaterThan(0);
    const text = JSON.stringify(loud);
    expect(advertisingIds.filter((adId) => text.includes(adId))).toEqual([]);
  });
});
