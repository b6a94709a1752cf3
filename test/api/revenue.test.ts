import { daysFrom } from '../support/days';
import {
  expectMetrics,
  FLOAT_DIGITS,
  METRICS_FIELDS,
  type MetricsAnswer,
} from '../support/expect-metrics';
import {
  addRow,
  ExpectedReports,
  noTotals,
  rowMatches,
  type Filter,
  type Totals,
} from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import type { ReportRow } from '../support/report-rows';
import { usdToNumber } from '../support/usd';

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 600, seed: 3 };
const RANGE = { from: '2026-11-21', to: '2026-11-27' };
const DAYS = daysFrom(RANGE.from, RANGE.to);

type Dimension = 'DATE' | 'APP' | 'DEVICE_OS' | 'COUNTRY';

const REVENUE = `
  query Revenue($range: DateRange!, $groupBy: [Dimension!], $filter: UserFilter) {
    revenue(range: $range, groupBy: $groupBy, filter: $filter) {
      rows { date appId deviceOs country users metrics { ${METRICS_FIELDS} } arpu }
      totals { ${METRICS_FIELDS} }
      unattributedRevenue
      arpdau
      coverage { loaded pending unavailable complete }
    }
  }`;

interface Report {
  rows: {
    date: string | null;
    appId: string | null;
    deviceOs: string | null;
    country: string | null;
    users: number;
    metrics: MetricsAnswer;
    arpu: number | null;
  }[];
  totals: MetricsAnswer;
  unattributedRevenue: number;
  arpdau: number | null;
  coverage: { loaded: string[]; pending: string[]; unavailable: string[]; complete: boolean };
}

/** The value of a row under each dimension, named as the API's row fields. */
const DIMENSIONS: Record<
  Dimension,
  { field: keyof Report['rows'][number]; of: (row: ReportRow) => string }
> = {
  DATE: { field: 'date', of: (row) => row.day },
  APP: { field: 'appId', of: (row) => row.appId },
  DEVICE_OS: { field: 'deviceOs', of: (row) => row.deviceOs },
  COUNTRY: { field: 'country', of: (row) => row.country },
};

describe('Query.revenue', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    expected = ExpectedReports.simulate(POPULATION, DAYS);
  });
  afterAll(() => harness.close());

  async function revenue(groupBy: Dimension[] | undefined, filter?: Filter): Promise<Report> {
    const { data, errors } = await harness.execute<{ revenue: Report }>(REVENUE, {
      range: RANGE,
      groupBy,
      filter,
    });
    expect(errors).toBeUndefined();
    return data!.revenue;
  }

  /** The user rows a filter selects: its row conditions, then its thresholds on user totals. */
  function selectedRows(filter: Filter = {}): ReportRow[] {
    const users = expected.userTotals(DAYS, filter);
    return expected
      .userRows(DAYS)
      .filter((row) => rowMatches(row, filter) && users.has(row.userId));
  }

  /** Checks each row of a breakdown: dimension values, distinct users, metrics, ARPU, order. */
  function expectRows(report: Report, groupBy: Dimension[], rows: ReportRow[]): void {
    const groups = new Map<string, { values: string[]; totals: Totals; users: Set<string> }>();
    for (const row of rows) {
      const values = groupBy.map((dimension) => DIMENSIONS[dimension].of(row));
      const key = JSON.stringify(values);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { values, totals: noTotals(), users: new Set() }));
      addRow(group.totals, row);
      group.users.add(row.userId);
    }
    const ordered = [...groups.values()].sort((a, b) => compareLists(a.values, b.values));

    expect(report.rows).toHaveLength(ordered.length);
    report.rows.forEach((answered, index) => {
      const group = ordered[index];
      for (const dimension of ['DATE', 'APP', 'DEVICE_OS', 'COUNTRY'] as const) {
        const position = groupBy.indexOf(dimension);
        expect(answered[DIMENSIONS[dimension].field]).toBe(
          position < 0 ? null : group.values[position],
        );
      }
      expect(answered.users).toBe(group.users.size);
      expectMetrics(answered.metrics, group.totals);
      expect(answered.arpu).toBeCloseTo(
        usdToNumber(group.totals.revenue) / group.users.size,
        FLOAT_DIGITS,
      );
    });
  }

  it('pulls the range and answers one row of everything without groupBy', async () => {
    const report = await revenue(undefined);
    const attributed = expected.userRows(DAYS);

    expect(report.coverage).toEqual({ loaded: DAYS, pending: [], unavailable: [], complete: true });
    expectRows(report, [], attributed);
    expect(report.rows[0].users).toBe(expected.userTotals(DAYS).size);
  });

  it('reconciles: totals are the rows plus unattributed revenue, and equal the vendor files', async () => {
    const report = await revenue(['DATE']);
    const masked = expected.rows(DAYS).filter((row) => row.masked);
    const fileTotal = DAYS.reduce((sum, day) => sum + expected.fileTotal(day), 0n);
    const rowSum = report.rows.reduce((sum, row) => sum + row.metrics.revenue, 0);

    expect(masked).toHaveLength(DAYS.length);
    expect(report.unattributedRevenue).toBeCloseTo(
      usdToNumber(masked.reduce((sum, row) => sum + row.revenue, 0n)),
      FLOAT_DIGITS,
    );
    expect(report.totals.revenue).toBeCloseTo(rowSum + report.unattributedRevenue, FLOAT_DIGITS);
    expect(report.totals.revenue).toBeCloseTo(usdToNumber(fileTotal), FLOAT_DIGITS);
    const everything = noTotals();
    expected.rows(DAYS).forEach((row) => addRow(everything, row));
    expectMetrics(report.totals, everything);
    // Each day's row with that day's masked revenue is the day's file total.
    report.rows.forEach((row, index) => {
      expect(row.metrics.revenue + usdToNumber(masked[index].revenue)).toBeCloseTo(
        usdToNumber(expected.fileTotal(DAYS[index])),
        FLOAT_DIGITS,
      );
    });
  });

  it.each<[string, Dimension[]]>([
    ['DATE', ['DATE']],
    ['APP', ['APP']],
    ['DEVICE_OS', ['DEVICE_OS']],
    ['COUNTRY', ['COUNTRY']],
    ['APP and DEVICE_OS', ['APP', 'DEVICE_OS']],
    ['COUNTRY and DATE', ['COUNTRY', 'DATE']],
  ])('groups by %s, ordered by the grouped values', async (_name, groupBy) => {
    expectRows(await revenue(groupBy), groupBy, expected.userRows(DAYS));
  });

  it('answers ARPDAU as attributed revenue over the sum of each day’s distinct users', async () => {
    const report = await revenue([]);
    const rows = expected.userRows(DAYS);
    const userDays = new Set(rows.map((row) => `${row.day} ${row.userId}`)).size;
    const attributed = rows.reduce((sum, row) => sum + row.revenue, 0n);

    expect(report.arpdau).toBeCloseTo(usdToNumber(attributed) / userDays, FLOAT_DIGITS);
  });

  it('counts a user with several rows in a day once in that day, filtered or not', async () => {
    // The files must hold such user-days, or this proves nothing: users active in two apps.
    const rowsPerUserDay = new Map<string, ReportRow[]>();
    for (const row of expected.userRows(DAYS)) {
      const key = `${row.day} ${row.userId}`;
      rowsPerUserDay.set(key, [...(rowsPerUserDay.get(key) ?? []), row]);
    }
    const multiRow = [...rowsPerUserDay.values()].filter((rows) => rows.length > 1);
    // Several rows of one user in one (day, country) group: counting rows would count them twice.
    expect(
      multiRow.filter((rows) => rows.every((r) => r.country === rows[0].country)).length,
    ).toBeGreaterThan(10);
    const oneApp = multiRow[0][0].appId;
    // Under an app filter, such a user-day keeps a single row, which is still not a sole row.
    expect(
      multiRow.filter((rows) => rows.filter((r) => r.appId === oneApp).length === 1).length,
    ).toBeGreaterThan(0);

    expectRows(await revenue(['DATE', 'COUNTRY']), ['DATE', 'COUNTRY'], expected.userRows(DAYS));
    const filter = { appIds: [oneApp] };
    const filtered = await revenue(['DATE', 'DEVICE_OS'], filter);
    const rows = selectedRows(filter);
    expectRows(filtered, ['DATE', 'DEVICE_OS'], rows);
    const userDays = new Set(rows.map((row) => `${row.day} ${row.userId}`)).size;
    const attributed = rows.reduce((sum, row) => sum + row.revenue, 0n);
    expect(filtered.arpdau).toBeCloseTo(usdToNumber(attributed) / userDays, FLOAT_DIGITS);
  });

  it('filters rows by app, platform and country; the masked row belongs to none', async () => {
    const filter = { deviceOs: ['ios'], countries: ['US', 'JP'] };
    const report = await revenue(['COUNTRY'], filter);
    const rows = selectedRows(filter);
    const sum = noTotals();
    rows.forEach((row) => addRow(sum, row));

    expectRows(report, ['COUNTRY'], rows);
    expect(report.unattributedRevenue).toBe(0);
    expectMetrics(report.totals, sum);
  });

  it('filters users by thresholds on their totals over the range', async () => {
    const filter = { minRevenue: 0.2, minImpressions: 30 };
    const report = await revenue(['DEVICE_OS'], filter);
    const rows = selectedRows(filter);

    expect(new Set(rows.map((row) => row.userId)).size).toBeLessThan(
      expected.userTotals(DAYS).size,
    );
    expectRows(report, ['DEVICE_OS'], rows);
    expect(report.unattributedRevenue).toBe(0);
  });

  it('answers empty rows, zero totals and null rates when nothing is selected', async () => {
    const report = await revenue(['DATE'], { appIds: ['no-such-app'] });

    expect(report.rows).toEqual([]);
    expectMetrics(report.totals, noTotals());
    expect(report.unattributedRevenue).toBe(0);
    expect(report.arpdau).toBeNull();
  });
});

function compareLists(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
