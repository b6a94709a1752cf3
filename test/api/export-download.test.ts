import { randomBytes } from 'node:crypto';

import { request } from 'undici';

import { signTicket } from '../../src/segments/export-token';
import { ExportFormat } from '../../src/segments/export-format';
import { MASKED_USER_ID } from '../../src/simulator';
import { daysFrom } from '../support/days';
import { ExpectedReports, type Filter } from '../support/expected';
import { parseCsv } from '../support/report-rows';
import { parseUsd } from '../support/usd';
import {
  download,
  expectedMembers,
  startExportRig,
  type ExpectedMember,
  type ExportRig,
} from './export-rig';

const NOW = '2026-11-28T13:00:00.000Z';
const POPULATION = { users: 600, seed: 47 };
const RANGE = { from: '2026-11-24', to: '2026-11-27' };
const DAYS = daysFrom(RANGE.from, RANGE.to);
const TTL_SECONDS = 2 * 86_400;

const EXPORT_SEGMENT = `
  mutation Export($range: DateRange!, $filter: UserFilter!, $format: ExportFormat) {
    exportSegment(range: $range, filter: $filter, format: $format) {
      url users expiresAt coverage { loaded pending }
    }
  }`;

interface SegmentExportAnswer {
  url: string;
  users: number;
  expiresAt: string;
  coverage: { loaded: string[]; pending: string[] };
}

const CSV_HEADER = [
  'user_id',
  'advertising_ids',
  'revenue_usd',
  'impressions',
  'clicks',
  'conversions',
  'active_days',
  'first_seen',
  'last_seen',
];
/** Exact decimal text as the export writes it: no exponent, no trailing fractional zeros. */
const PLAIN_DECIMAL = /^\d+(\.\d*[1-9])?$/;

describe('GET /exports (segment export download)', () => {
  let rig: ExportRig;
  let reports: ExpectedReports;

  beforeAll(async () => {
    rig = await startExportRig({
      now: NOW,
      population: POPULATION,
      env: { LTV_EXPORT_TTL_SECONDS: String(TTL_SECONDS) },
    });
    reports = ExpectedReports.simulate(POPULATION, [...DAYS, '2026-11-28']);
  });
  afterAll(() => rig.close());

  async function exportSegment(variables: Record<string, unknown>): Promise<SegmentExportAnswer> {
    const data = await rig.graphql<{ exportSegment: SegmentExportAnswer }>(EXPORT_SEGMENT, {
      range: RANGE,
      filter: {},
      ...variables,
    });
    return data.exportSegment;
  }

  it('streams every user as CSV, highest revenue first, with exact numbers', async () => {
    const answer = await exportSegment({});
    const got = await download(answer.url);

    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(got.headers['content-disposition']).toBe(
      'attachment; filename="segment_2026-11-24_2026-11-27.csv"',
    );
    expect(got.text.endsWith('\r\n')).toBe(true);
    const [header, ...records] = parseCsv(got.text);
    expect(header).toEqual(CSV_HEADER);
    const members = records.map(csvMember);
    const expected = expectedMembers(reports, DAYS);
    expect(answer.users).toBe(expected.length);
    expect(members).toEqual(expected);
    for (const record of records) expect(record[2]).toMatch(PLAIN_DECIMAL);
  });

  it('links to the host the client asked, for the configured time', async () => {
    const answer = await exportSegment({});

    expect(new URL(answer.url).origin).toBe(rig.base);
    expect(new URL(answer.url).pathname).toBe('/exports');
    expect(answer.expiresAt).toBe(new Date(Date.parse(NOW) + TTL_SECONDS * 1000).toISOString());
  });

  it('streams a filtered segment as NDJSON with the same numbers', async () => {
    const filter: Filter = { countries: ['us', 'GB'], minImpressions: 20 };
    const answer = await exportSegment({ filter, format: 'NDJSON' });
    const got = await download(answer.url);

    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(got.headers['content-disposition']).toBe(
      'attachment; filename="segment_2026-11-24_2026-11-27.ndjson"',
    );
    const lines = got.text.split('\n');
    expect(lines.pop()).toBe('');
    const members = lines.map((line) => jsonMember(JSON.parse(line)));
    const expected = expectedMembers(reports, DAYS, filter);
    expect(expected.length).toBeGreaterThan(10);
    expect(answer.users).toBe(expected.length);
    expect(members).toEqual(expected);
  });

  it('never lists the masked row, whose revenue is all the files hold beyond the list', async () => {
    const got = await download((await exportSegment({ format: 'NDJSON' })).url);
    const lines = got.text.trimEnd().split('\n');
    const listed = lines.map((line) => JSON.parse(line) as { userId: string; revenueUsd: string });

    expect(listed.some((user) => user.userId.toLowerCase() === MASKED_USER_ID)).toBe(false);
    const listedRevenue = listed.reduce((sum, user) => sum + parseUsd(user.revenueUsd), 0n);
    const fileTotals = DAYS.reduce((sum, day) => sum + reports.fileTotal(day), 0n);
    const masked = reports.rows(DAYS).filter((row) => row.masked);
    expect(masked).toHaveLength(DAYS.length);
    expect(listedRevenue + masked.reduce((sum, row) => sum + row.revenue, 0n)).toBe(fileTotals);
  });

  it('answers 400 without a token and 405 for another method', async () => {
    const missing = await download(`${rig.base}/exports`);
    const posted = await request(`${rig.base}/exports?token=x`, { method: 'POST' });

    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toMatchObject({ error: 'export_token_missing' });
    expect(posted.statusCode).toBe(405);
    expect(await posted.body.json()).toMatchObject({ error: 'method_not_allowed' });
  });

  it('answers 403 naming the problem for a token altered, cut or signed with another key', async () => {
    const url = new URL((await exportSegment({})).url);
    const token = url.searchParams.get('token')!;
    const [version, body, mac] = token.split('.');
    const flipped = body.slice(0, 10) + (body[10] === 'A' ? 'B' : 'A') + body.slice(11);
    const foreign = signTicket(
      {
        range: RANGE,
        days: DAYS,
        filter: {},
        format: ExportFormat.CSV,
        expiresAtMs: Date.parse(NOW) + 60_000,
      },
      randomBytes(32),
    );
    const tokens = [`${version}.${flipped}.${mac}`, `${version}.${body}`, foreign, 'nonsense'];

    for (const bad of tokens) {
      url.searchParams.set('token', bad);
      const got = await download(url.toString());
      expect(got.status).toBe(403);
      expect(got.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(got.text)).toEqual({
        error: 'export_link_invalid',
        message: expect.stringMatching(/^The export link is not valid: /),
      });
    }
  });

  it('keeps reading the days a link pins after a new day lands', async () => {
    const wider = { from: RANGE.from, to: '2026-11-28' };
    const before = await exportSegment({ range: wider });
    expect(before.coverage).toEqual({ loaded: DAYS, pending: ['2026-11-28'] });

    rig.simulator.clock.set('2026-11-29T13:00:00.000Z');
    try {
      const after = await exportSegment({ range: wider });
      expect(after.coverage.loaded).toEqual([...DAYS, '2026-11-28']);

      const pinned = parseCsv((await download(before.url)).text)
        .slice(1)
        .map(csvMember);
      const fresh = parseCsv((await download(after.url)).text)
        .slice(1)
        .map(csvMember);
      expect(pinned).toEqual(expectedMembers(reports, DAYS));
      expect(fresh).toEqual(expectedMembers(reports, [...DAYS, '2026-11-28']));
    } finally {
      rig.simulator.clock.set(NOW);
    }
  });

  it('answers 410 once the link has expired', async () => {
    const answer = await exportSegment({});

    rig.simulator.clock.set(new Date(Date.parse(answer.expiresAt) + 1000));
    try {
      const got = await download(answer.url);
      expect(got.status).toBe(410);
      expect(JSON.parse(got.text)).toEqual({
        error: 'export_link_expired',
        message: `The export link expired at ${answer.expiresAt}; call exportSegment again for a fresh link.`,
        expiresAt: answer.expiresAt,
      });
    } finally {
      rig.simulator.clock.set(NOW);
    }
  });
});

function csvMember(record: string[]): ExpectedMember {
  const [userId, ids, revenue, impressions, clicks, conversions, activeDays, first, last] = record;
  expect(record).toHaveLength(CSV_HEADER.length);
  return {
    userId,
    advertisingIds: ids === '' ? [] : ids.split(';'),
    revenue: parseUsd(revenue),
    impressions: Number(impressions),
    clicks: Number(clicks),
    conversions: Number(conversions),
    activeDays: Number(activeDays),
    firstSeen: first,
    lastSeen: last,
  };
}

function jsonMember(line: Record<string, unknown>): ExpectedMember {
  expect(Object.keys(line)).toEqual([
    'userId',
    'advertisingIds',
    'revenueUsd',
    'impressions',
    'clicks',
    'conversions',
    'activeDays',
    'firstSeen',
    'lastSeen',
  ]);
  expect(line.revenueUsd).toMatch(PLAIN_DECIMAL);
  const { revenueUsd, ...rest } = line;
  return { ...(rest as Omit<ExpectedMember, 'revenue'>), revenue: parseUsd(revenueUsd as string) };
}
