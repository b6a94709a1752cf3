import { daysFrom, plusDays } from '../support/days';
import { FLOAT_DIGITS } from '../support/expect-metrics';
import { ExpectedReports, rowMatches, type Filter } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import type { ReportRow } from '../support/report-rows';
import { usdToNumber } from '../support/usd';

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 600, seed: 17 };
// 2026-11-22 is left out of the store: a gap inside the history.
const STORED = [...daysFrom('2026-11-16', '2026-11-21'), ...daysFrom('2026-11-23', '2026-11-27')];
const FIRST_SEEN = { from: '2026-11-16', to: '2026-11-21' };
const AGES = [0, 1, 2, 6, 7, 10];

const COHORTS = `
  query Cohorts($firstSeen: DateRange!, $days: [Int!]!, $filter: UserFilter) {
    cohorts(firstSeen: $firstSeen, days: $days, filter: $filter) {
      firstSeen users ltv { day users averageRevenue }
    }
  }`;

interface Cohort {
  firstSeen: string;
  users: number;
  ltv: { day: number; users: number; averageRevenue: number | null }[];
}

describe('Query.cohorts', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    for (const range of [FIRST_SEEN, { from: '2026-11-23', to: '2026-11-27' }]) {
      await harness.execute('mutation ($range: DateRange!) { syncDays(range: $range) { state } }', {
        range,
      });
    }
    expected = ExpectedReports.simulate(POPULATION, STORED);
  });
  afterAll(() => harness.close());

  async function cohorts(days: number[], filter?: Filter): Promise<Cohort[]> {
    const { data, errors } = await harness.execute<{ cohorts: Cohort[] }>(COHORTS, {
      firstSeen: FIRST_SEEN,
      days,
      filter,
    });
    expect(errors).toBeUndefined();
    return data!.cohorts;
  }

  /**
   * Users by their first stored day among the rows the filter keeps; each age counts the cohort
   * only when first-seen + age is a stored day.
   */
  function expectedCohorts(ages: number[], filter: Filter = {}): Cohort[] {
    const rows = expected.userRows().filter((row) => rowMatches(row, filter));
    const byUser = new Map<string, ReportRow[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
    const allHistory = expected.userTotals(expected.days, filter);

    const cohorts = new Map<string, ReportRow[][]>();
    for (const [userId, userRows] of byUser) {
      if (!allHistory.has(userId)) continue;
      const first = userRows.map((row) => row.day).sort()[0];
      if (first < FIRST_SEEN.from || first > FIRST_SEEN.to) continue;
      cohorts.set(first, [...(cohorts.get(first) ?? []), userRows]);
    }
    return [...cohorts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([firstSeen, members]) => ({
        firstSeen,
        users: members.length,
        ltv: ages.map((day) => {
          const through = plusDays(firstSeen, day);
          if (!STORED.includes(through)) return { day, users: 0, averageRevenue: null };
          const earned = members
            .flat()
            .filter((row) => row.day <= through)
            .reduce((sum, row) => sum + row.revenue, 0n);
          return {
            day,
            users: members.length,
            averageRevenue: usdToNumber(earned) / members.length,
          };
        }),
      }));
  }

  function expectCohorts(actual: Cohort[], wanted: Cohort[]): void {
    expect(actual.map(({ firstSeen, users }) => ({ firstSeen, users }))).toEqual(
      wanted.map(({ firstSeen, users }) => ({ firstSeen, users })),
    );
    actual.forEach((cohort, index) => {
      expect(cohort.ltv.map(({ day, users }) => ({ day, users }))).toEqual(
        wanted[index].ltv.map(({ day, users }) => ({ day, users })),
      );
      cohort.ltv.forEach((point, age) => {
        const average = wanted[index].ltv[age].averageRevenue;
        if (average === null) expect(point.averageRevenue).toBeNull();
        else expect(point.averageRevenue).toBeCloseTo(average, FLOAT_DIGITS);
      });
    });
  }

  it('groups users by first-seen day and averages their cumulative revenue at each age', async () => {
    const answer = await cohorts(AGES);

    expect(answer.map((cohort) => cohort.firstSeen)).toEqual(
      daysFrom(FIRST_SEEN.from, FIRST_SEEN.to),
    );
    expectCohorts(answer, expectedCohorts(AGES));
  });

  it('counts an age only where first-seen + age is a loaded day', async () => {
    const answer = await cohorts(AGES);
    const lastCohort = answer.find((cohort) => cohort.firstSeen === '2026-11-21')!;
    const counted = (day: number) => lastCohort.ltv.find((point) => point.day === day)!.users;

    expect(counted(0)).toBe(lastCohort.users);
    // 2026-11-22 was never stored, 2026-11-23 was, 2026-12-01 lies beyond the latest day.
    expect(counted(1)).toBe(0);
    expect(counted(2)).toBe(lastCohort.users);
    expect(counted(10)).toBe(0);
  });

  it('answers ages in ascending order, each once, whatever order they are asked in', async () => {
    const answer = await cohorts([7, 0, 7, 2]);

    expect(answer[0].ltv.map((point) => point.day)).toEqual([0, 2, 7]);
    expectCohorts(answer, expectedCohorts([0, 2, 7]));
  });

  it('never counts the masked row as a user of any cohort', async () => {
    const answer = await cohorts([0]);
    const users = answer.reduce((sum, cohort) => sum + cohort.users, 0);
    const firstDays = new Map<string, string>();
    for (const row of expected.userRows()) {
      if (!firstDays.has(row.userId)) firstDays.set(row.userId, row.day);
    }
    const inRange = [...firstDays.values()].filter((day) => day <= FIRST_SEEN.to).length;

    expect(users).toBe(inRange);
  });

  it('applies the filter’s row conditions before finding the first-seen day', async () => {
    const filter = { countries: ['US', 'GB'], deviceOs: ['ios'] };

    expectCohorts(await cohorts(AGES, filter), expectedCohorts(AGES, filter));
  });

  it('applies the filter’s user thresholds to totals over all stored history', async () => {
    const filter = { minImpressions: 40 };
    const answer = await cohorts(AGES, filter);

    expect(answer.reduce((sum, cohort) => sum + cohort.users, 0)).toBeGreaterThan(0);
    expectCohorts(answer, expectedCohorts(AGES, filter));
  });

  it.each([
    [
      'revenue and a last-seen day on or after',
      { minRevenue: 0.05, lastSeenOnOrAfter: '2026-11-24' },
    ],
    [
      'revenue at most and a last-seen day before',
      { maxRevenue: 0.5, lastSeenBefore: '2026-11-24' },
    ],
  ])('applies thresholds on %s to all stored history, in every app', async (_name, filter) => {
    const answer = await cohorts(AGES, filter);
    const all = await cohorts(AGES);

    // Each filter keeps some of the users and leaves out others.
    const users = (list: Cohort[]) => list.reduce((sum, cohort) => sum + cohort.users, 0);
    expect(users(answer)).toBeGreaterThan(0);
    expect(users(answer)).toBeLessThan(users(all));
    expectCohorts(answer, expectedCohorts(AGES, filter));
  });

  it('answers each cohort’s size with an empty curve when no ages are asked for', async () => {
    const answer = await cohorts([]);

    expect(answer).toEqual(expectedCohorts([]).map((cohort) => ({ ...cohort, ltv: [] })));
    expect(answer.length).toBe(daysFrom(FIRST_SEEN.from, FIRST_SEEN.to).length);
  });

  it('answers, empty, first-seen days whose oldest age passes the last expressible day', async () => {
    const { data, errors } = await harness.execute<{ cohorts: Cohort[] }>(COHORTS, {
      firstSeen: { from: '9999-12-25', to: '9999-12-31' },
      days: [0, 10_000],
    });

    expect(errors).toBeUndefined();
    expect(data!.cohorts).toEqual([]);
  });
});
