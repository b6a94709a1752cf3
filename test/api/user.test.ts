import { daysFrom, plusDays } from '../support/days';
import { expectMetrics, METRICS_FIELDS, type MetricsAnswer } from '../support/expect-metrics';
import { ExpectedReports, noTotals, addRow } from '../support/expected';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';
import { FLOAT_DIGITS } from '../support/expect-metrics';
import { usdToNumber } from '../support/usd';

// Noon has passed on 2026-11-28: 2026-11-16 through 2026-11-27 are pullable.
const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: 400, seed: 11 };
const STORED = { from: '2026-11-16', to: '2026-11-27' };
const WEEK = { from: '2026-11-20', to: '2026-11-26' };
const AGES = [7, 0, 30, 3, 1, 14];

const USER_DOCUMENT = `
  query User($id: ID!, $week: DateRange!, $ages: [Int!]!) {
    user(id: $id) {
      id advertisingIds firstSeen lastSeen
      allTime: totals { ${METRICS_FIELDS} }
      week: totals(range: $week) { ${METRICS_FIELDS} }
      daily(range: $week) { date metrics { ${METRICS_FIELDS} } }
      ltv(days: $ages) { day revenue }
    }
  }`;

interface UserAnswer {
  id: string;
  advertisingIds: string[];
  firstSeen: string;
  lastSeen: string;
  allTime: MetricsAnswer;
  week: MetricsAnswer;
  daily: { date: string; metrics: MetricsAnswer }[];
  ltv: { day: number; revenue: number | null }[];
}

describe('Query.user', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    const sync = await harness.execute<{ syncDays: { state: string }[] }>(
      'mutation ($range: DateRange!) { syncDays(range: $range) { state } }',
      { range: STORED },
    );
    expect(sync.data?.syncDays.map((day) => day.state)).toEqual(Array(12).fill('LOADED'));
    expected = ExpectedReports.simulate(POPULATION, daysFrom(STORED.from, STORED.to));
  });
  afterAll(() => harness.close());

  /**
   * A spread of users: every 15th by id, one without a publisher id, one active in two apps on
   * a day, and users first seen two days and zero days before the latest day.
   */
  function sampleUsers(): string[] {
    const ids = [...expected.userTotals(expected.days).keys()].sort();
    const sample = new Set(ids.filter((_id, index) => index % 15 === 0));
    const rows = expected.userRows();
    const withoutUserId = rows.find((row) => row.userId === row.advertisingId);
    const twoApps = rows.find((row, index) =>
      rows.some(
        (other, at) => at !== index && other.userId === row.userId && other.day === row.day,
      ),
    );
    const arrivals = ['2026-11-25', '2026-11-27'].map((day) =>
      ids.find((id) => expected.profile(id).firstSeen === day),
    );
    for (const id of [withoutUserId?.userId, twoApps?.userId, ...arrivals]) {
      if (id === undefined) throw new Error('The population lacks a user the sample needs.');
      sample.add(id);
    }
    return [...sample];
  }

  it('answers every field of a user from the stored days', async () => {
    const users = sampleUsers();
    expect(users.length).toBeGreaterThan(15);

    for (const id of users) {
      const { data, errors } = await harness.execute<{ user: UserAnswer }>(USER_DOCUMENT, {
        id,
        week: WEEK,
        ages: AGES,
      });
      expect(errors).toBeUndefined();
      const user = data!.user;
      const profile = expected.profile(id);

      expect(user.id).toBe(id);
      expect(user.advertisingIds).toEqual(profile.advertisingIds);
      expect(user.firstSeen).toBe(profile.firstSeen);
      expect(user.lastSeen).toBe(profile.lastSeen);
      expectMetrics(user.allTime, expected.userTotals(expected.days).get(id)!);
      expectMetrics(
        user.week,
        expected.userTotals(daysFrom(WEEK.from, WEEK.to)).get(id) ?? noTotals(),
      );
      expectDaily(user.daily, id);
      expectLtv(user.ltv, id, profile.firstSeen);
    }
  });

  function expectDaily(daily: UserAnswer['daily'], id: string): void {
    const days = daysFrom(WEEK.from, WEEK.to).flatMap((day) => {
      const rows = expected.userRows([day]).filter((row) => row.userId === id);
      if (rows.length === 0) return [];
      const totals = noTotals();
      rows.forEach((row) => addRow(totals, row));
      return [{ date: day, totals }];
    });
    expect(daily.map((entry) => entry.date)).toEqual(days.map((day) => day.date));
    daily.forEach((entry, index) => expectMetrics(entry.metrics, days[index].totals));
  }

  // LTV at k: revenue from firstSeen through firstSeen + k; null while that day is not loaded yet.
  function expectLtv(ltv: UserAnswer['ltv'], id: string, firstSeen: string): void {
    expect(ltv.map((point) => point.day)).toEqual(AGES);
    for (const point of ltv) {
      const through = plusDays(firstSeen, point.day);
      if (through > expected.latestDay) {
        expect(point.revenue).toBeNull();
        continue;
      }
      const earned = expected
        .userRows()
        .filter((row) => row.userId === id && row.day <= through)
        .reduce((sum, row) => sum + row.revenue, 0n);
      expect(point.revenue).toBeCloseTo(usdToNumber(earned), FLOAT_DIGITS);
    }
  }

  it('answers null LTV beyond the latest loaded day and a value on it', async () => {
    const id = [...expected.userTotals(['2026-11-25']).keys()].find(
      (candidate) => expected.profile(candidate).firstSeen === '2026-11-25',
    )!;
    const { data } = await harness.execute<{ user: UserAnswer }>(
      'query ($id: ID!) { user(id: $id) { ltv(days: [0, 2, 3]) { day revenue } } }',
      { id },
    );

    const [day0, day2, day3] = data!.user.ltv;
    expect(day0.revenue).not.toBeNull();
    expect(day2.revenue).not.toBeNull();
    expect(day3.revenue).toBeNull();
  });

  it('answers null for an id no stored day has', async () => {
    const { data, errors } = await harness.execute('query { user(id: "no-such-user") { id } }');

    expect(errors).toBeUndefined();
    expect(data).toEqual({ user: null });
  });

  it('never answers the masked row as a user, in any case', async () => {
    const { data } = await harness.execute(`query {
      lower: user(id: "aggregated masked user level revenue") { id }
      upper: user(id: "AGGREGATED MASKED USER LEVEL REVENUE") { id }
    }`);

    expect(data).toEqual({ lower: null, upper: null });
  });
});

describe('Query.userByAdvertisingId', () => {
  let harness: GatewayHarness;
  let expected: ExpectedReports;

  beforeAll(async () => {
    harness = await startHarness({ now: NOW, simulator: POPULATION });
    await harness.execute('mutation ($range: DateRange!) { syncDays(range: $range) { state } }', {
      range: WEEK,
    });
    expected = ExpectedReports.simulate(POPULATION, daysFrom(WEEK.from, WEEK.to));
  });
  afterAll(() => harness.close());

  it('finds the user an advertising id belongs to', async () => {
    const rows = expected.userRows().filter((row) => row.advertisingId !== '');
    const withUserId = rows.find((row) => row.userId !== row.advertisingId)!;
    const withoutUserId = rows.find((row) => row.userId === row.advertisingId)!;

    for (const row of [withUserId, withoutUserId]) {
      const { data } = await harness.execute<{
        userByAdvertisingId: { id: string; advertisingIds: string[] };
      }>('query ($ad: String!) { userByAdvertisingId(advertisingId: $ad) { id advertisingIds } }', {
        ad: row.advertisingId,
      });
      expect(data!.userByAdvertisingId).toEqual({
        id: row.userId,
        advertisingIds: expected.profile(row.userId).advertisingIds,
      });
    }
  });

  it('answers null for an advertising id no stored row has', async () => {
    const { data } = await harness.execute(
      'query { userByAdvertisingId(advertisingId: "00000000-0000-4000-8000-000000000000") { id } }',
    );

    expect(data).toEqual({ userByAdvertisingId: null });
  });
});
