import { randomBytes } from 'node:crypto';

import { daysFrom } from '../support/days';
import { ExpectedReports } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';

const NOW = '2026-11-28T13:00:00.000Z';
const POPULATION = { users: 400, seed: 31 };
const RANGE = { from: '2026-11-24', to: '2026-11-27' };
const DAYS = daysFrom(RANGE.from, RANGE.to);

const EXPORT_SEGMENT = `
  mutation Export($range: DateRange!, $filter: UserFilter!, $format: ExportFormat) {
    exportSegment(range: $range, filter: $filter, format: $format) {
      url users expiresAt
      coverage { loaded pending unavailable complete }
    }
  }`;

interface SegmentExportAnswer {
  url: string;
  users: number;
  expiresAt: string;
  coverage: { loaded: string[]; pending: string[]; unavailable: string[]; complete: boolean };
}

describe('Mutation.exportSegment', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    expected = ExpectedReports.simulate(POPULATION, DAYS);
  });
  afterAll(() => harness.close());

  async function exportSegment(variables: Record<string, unknown>) {
    return harness.execute<{ exportSegment: SegmentExportAnswer }>(EXPORT_SEGMENT, {
      range: RANGE,
      filter: {},
      ...variables,
    });
  }

  it('pulls the range, counts the users and returns a link valid for an hour', async () => {
    const { data, errors } = await exportSegment({});

    expect(errors).toBeUndefined();
    const answer = data!.exportSegment;
    expect(answer.users).toBe(expected.userTotals(DAYS).size);
    expect(answer.coverage).toEqual({ loaded: DAYS, pending: [], unavailable: [], complete: true });
    expect(answer.expiresAt).toBe('2026-11-28T14:00:00.000Z');
    // Without an HTTP request, the configured HOST and PORT are the only base known.
    expect(answer.url).toMatch(/^http:\/\/127\.0\.0\.1:4000\/exports\?token=v1\.[\w-]+\.[\w-]+$/);
  });

  it('counts only the users the filter keeps', async () => {
    const filter = { deviceOs: ['IOS'], countries: ['us', 'DE'], minRevenue: 0.01 };

    const { data, errors } = await exportSegment({ filter, format: 'NDJSON' });

    expect(errors).toBeUndefined();
    const count = expected.userTotals(DAYS, filter).size;
    expect(count).toBeGreaterThan(0);
    expect(data!.exportSegment.users).toBe(count);
  });

  it('counts no user in a range of days that are gone upstream', async () => {
    const { data, errors } = await exportSegment({
      range: { from: '2026-01-01', to: '2026-01-02' },
    });

    expect(errors).toBeUndefined();
    expect(data!.exportSegment.users).toBe(0);
    expect(data!.exportSegment.coverage.unavailable).toEqual(['2026-01-01', '2026-01-02']);
  });

  it.each([
    ['a range that runs backwards', { range: { from: '2026-11-27', to: '2026-11-24' } }, /before/],
    ['a range over the maximum', { range: { from: '2025-01-01', to: '2026-11-27' } }, /at most/],
    ['a malformed day', { range: { from: '2026-11-31', to: '2026-11-27' } }, /YYYY-MM-DD/],
    ['a country that is not alpha-2', { filter: { countries: ['USA'] } }, /countr/i],
    ['a negative revenue threshold', { filter: { minRevenue: -1 } }, /minRevenue/],
    ['an unknown format', { format: 'XML' }, /XML/],
  ])('answers BAD_USER_INPUT for %s', async (_case, variables, message) => {
    const { data, errors } = await exportSegment(variables);

    expect(data?.exportSegment).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(message);
  });

  it('answers BAD_USER_INPUT naming the filter when it cannot fit in a link', async () => {
    // Random hex packs to about half its size: 60 values of 200 characters stay over the limit.
    const appIds = Array.from({ length: 60 }, () => randomBytes(100).toString('hex'));

    const { errors } = await exportSegment({ filter: { appIds } });

    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter' });
    expect(errors![0].message).toMatch(/too large to fit in an export link/);
  });
});
