import { request } from 'undici';

import { parseCsv, simulatedDay, type ReportRow } from '../support/report-rows';
import { usdToNumber } from '../support/usd';
import { newApiKey, startAuthRig, type AuthRig } from './auth-rig';

// At 13:00 on 2026-03-20 the vendor serves 2026-03-08 through 2026-03-19; three days are stored.
const NOW = '2026-03-20T13:00:00Z';
const POPULATION = { users: 400, seed: 1 };
const DAYS = ['2026-03-17', '2026-03-18', '2026-03-19'];
const RANGE = { from: DAYS[0], to: DAYS[DAYS.length - 1] };
/** The team's allow-list: the Android builds of two of the simulated titles. */
const TEAM_APPS = ['104512', '118870'];

/** Exact per-user facts from rows, written from the CSV apart from the gateway. */
interface Expected {
  revenue: bigint;
  impressions: number;
  days: Set<string>;
  advertisingIds: Set<string>;
}

function perUser(rows: readonly ReportRow[]): Map<string, Expected> {
  const users = new Map<string, Expected>();
  for (const row of rows) {
    let user = users.get(row.userId);
    if (!user) {
      user = { revenue: 0n, impressions: 0, days: new Set(), advertisingIds: new Set() };
      users.set(row.userId, user);
    }
    user.revenue += row.revenue;
    user.impressions += row.impressions;
    user.days.add(row.day);
    if (row.advertisingId !== '') user.advertisingIds.add(row.advertisingId);
  }
  return users;
}

function sum(rows: readonly ReportRow[]): bigint {
  return rows.reduce((total, row) => total + row.revenue, 0n);
}

describe('app allow-lists', () => {
  const everything = newApiKey();
  const team = newApiKey();
  let rig: AuthRig;
  let allRows: ReportRow[];
  let teamRows: ReportRow[];
  let teamUsers: Map<string, Expected>;
  /** A user with rows in the team's apps and in others. */
  let mixed: string;
  /** A user with rows only outside the team's apps, and one of its advertising ids. */
  let outsider: { id: string; advertisingId: string };

  beforeAll(async () => {
    rig = await startAuthRig({
      now: NOW,
      population: POPULATION,
      env: {
        LTV_API_KEYS: `all:read+export:${everything.sha256},team:read+export:${team.sha256}:${TEAM_APPS.join('+')}`,
      },
    });
    await rig.service.gateway.sync.pullRange(RANGE);

    allRows = DAYS.flatMap((day) => simulatedDay(POPULATION, day));
    const users = allRows.filter((row) => !row.masked);
    teamRows = users.filter((row) => TEAM_APPS.includes(row.appId));
    teamUsers = perUser(teamRows);
    const otherApps = perUser(users.filter((row) => !TEAM_APPS.includes(row.appId)));
    mixed = [...teamUsers.keys()].sort().find((id) => otherApps.has(id)) ?? '';
    const outsiderId = [...otherApps.keys()]
      .sort()
      .find((id) => !teamUsers.has(id) && otherApps.get(id)!.advertisingIds.size > 0);
    outsider = {
      id: outsiderId ?? '',
      advertisingId: [...otherApps.get(outsiderId ?? '')!.advertisingIds][0],
    };
    expect(mixed).not.toBe('');
    expect(outsider.id).not.toBe('');
  });
  afterAll(() => rig.close());

  async function asTeam<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const answer = await rig.post(query, variables, { 'x-api-key': team.key });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data as T;
  }

  async function asEveryone<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const answer = await rig.post(query, variables, { 'x-api-key': everything.key });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data as T;
  }

  it('counts only the allowed apps in a user, its totals, daily rows, profile and LTV', async () => {
    const query = `query ($id: ID!, $range: DateRange!) {
      user(id: $id) {
        advertisingIds firstSeen lastSeen
        totals(range: $range) { revenue impressions }
        daily(range: $range) { date metrics { revenue } }
        ltv(days: [0])  { day revenue }
      }
    }`;
    const data = await asTeam<{ user: Record<string, unknown> }>(query, {
      id: mixed,
      range: RANGE,
    });
    const expected = teamUsers.get(mixed)!;
    const days = [...expected.days].sort();
    const mine = teamRows.filter((row) => row.userId === mixed);

    expect(data.user).toEqual({
      advertisingIds: [...expected.advertisingIds].sort(),
      firstSeen: days[0],
      lastSeen: days[days.length - 1],
      totals: { revenue: usdToNumber(expected.revenue), impressions: expected.impressions },
      daily: days.map((day) => ({
        date: day,
        metrics: { revenue: usdToNumber(sum(mine.filter((row) => row.day === day))) },
      })),
      ltv: [{ day: 0, revenue: usdToNumber(sum(mine.filter((row) => row.day === days[0]))) }],
    });
    const everyone = await asEveryone<{ user: { totals: { revenue: number } } }>(query, {
      id: mixed,
      range: RANGE,
    });
    const teamTotals = data.user.totals as { revenue: number };
    expect(everyone.user.totals.revenue).toBeGreaterThan(teamTotals.revenue);
  });

  it('does not find a user, or an advertising id, seen only in other apps', async () => {
    const query = `query ($id: ID!, $ad: String!) {
      user(id: $id) { id }
      userByAdvertisingId(advertisingId: $ad) { id }
    }`;
    const variables = { id: outsider.id, ad: outsider.advertisingId };

    expect(await asTeam(query, variables)).toEqual({ user: null, userByAdvertisingId: null });
    expect(await asEveryone(query, variables)).toEqual({
      user: { id: outsider.id },
      userByAdvertisingId: { id: expect.any(String) },
    });
  });

  it('resolves _entities with the allowed apps only', async () => {
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on User { id totals { revenue impressions } }
      }
    }`;
    const data = await asTeam<{ _entities: unknown[] }>(query, {
      representations: [mixed, outsider.id].map((id) => ({ __typename: 'User', id })),
    });
    const expected = teamUsers.get(mixed)!;

    expect(data._entities).toEqual([
      {
        id: mixed,
        totals: { revenue: usdToNumber(expected.revenue), impressions: expected.impressions },
      },
      { id: outsider.id, totals: { revenue: 0, impressions: 0 } },
    ]);
  });

  it('ranks and counts only users of the allowed apps in topUsers', async () => {
    const data = await asTeam<{
      topUsers: { totalCount: number; edges: { node: { id: string }; metrics: unknown }[] };
    }>(
      `query ($range: DateRange!) {
        topUsers(range: $range, first: 5) {
          totalCount edges { node { id } metrics { revenue } }
        }
      }`,
      { range: RANGE },
    );
    const ranked = [...teamUsers.entries()].sort(([a, x], [b, y]) =>
      x.revenue !== y.revenue ? (x.revenue > y.revenue ? -1 : 1) : a < b ? -1 : 1,
    );

    expect(data.topUsers.totalCount).toBe(teamUsers.size);
    expect(data.topUsers.edges).toEqual(
      ranked.slice(0, 5).map(([id, user]) => ({
        node: { id },
        metrics: { revenue: usdToNumber(user.revenue) },
      })),
    );
  });

  it('sums only the allowed apps in revenue, with no unattributed revenue', async () => {
    const data = await asTeam<{ revenue: Record<string, unknown> }>(
      `query ($range: DateRange!) {
        revenue(range: $range, groupBy: [APP]) {
          rows { appId users metrics { revenue } }
          totals { revenue }
          unattributedRevenue
        }
      }`,
      { range: RANGE },
    );

    expect(data.revenue).toEqual({
      rows: [...TEAM_APPS].sort().map((appId) => {
        const rows = teamRows.filter((row) => row.appId === appId);
        return {
          appId,
          users: new Set(rows.map((row) => row.userId)).size,
          metrics: { revenue: usdToNumber(sum(rows)) },
        };
      }),
      totals: { revenue: usdToNumber(sum(teamRows)) },
      unattributedRevenue: 0,
    });
  });

  it('groups cohorts by the first day seen in the allowed apps', async () => {
    const data = await asTeam<{ cohorts: { firstSeen: string; users: number }[] }>(
      `query ($range: DateRange!) { cohorts(firstSeen: $range, days: [0]) { firstSeen users } }`,
      { range: RANGE },
    );
    const sizes = new Map<string, number>();
    for (const user of teamUsers.values()) {
      const first = [...user.days].sort()[0];
      sizes.set(first, (sizes.get(first) ?? 0) + 1);
    }

    expect(data.cohorts).toEqual(
      [...sizes.entries()].sort().map(([firstSeen, users]) => ({ firstSeen, users })),
    );
  });

  it('takes the revenue distribution over the allowed apps', async () => {
    const data = await asTeam<{ revenueDistribution: Record<string, unknown> }>(
      `query ($range: DateRange!) {
        revenueDistribution(range: $range, quantiles: [0, 1], topShares: [100]) {
          users quantiles { p revenue } topShares { percent share }
        }
      }`,
      { range: RANGE },
    );
    const revenues = [...teamUsers.values()]
      .map((user) => user.revenue)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    expect(data.revenueDistribution).toEqual({
      users: teamUsers.size,
      quantiles: [
        { p: 0, revenue: usdToNumber(revenues[0]) },
        { p: 1, revenue: usdToNumber(revenues[revenues.length - 1]) },
      ],
      topShares: [{ percent: 100, share: 1 }],
    });
  });

  it('exports only users of the allowed apps, in the count and in the download', async () => {
    const data = await asTeam<{ exportSegment: { users: number; url: string } }>(
      `mutation ($range: DateRange!) {
        exportSegment(range: $range, filter: {}) { users url }
      }`,
      { range: RANGE },
    );
    expect(data.exportSegment.users).toBe(teamUsers.size);

    // The link is the credential: it is fetched without a key, as a browser would.
    const download = await request(data.exportSegment.url);
    const [header, ...lines] = parseCsv(await download.body.text());
    const ids = lines.map((fields) => fields[header.indexOf('user_id')]);
    const revenue = lines.map((fields) => Number(fields[header.indexOf('revenue_usd')]));

    expect(download.statusCode).toBe(200);
    expect(new Set(ids)).toEqual(new Set(teamUsers.keys()));
    expect(revenue[ids.indexOf(mixed)]).toBe(usdToNumber(teamUsers.get(mixed)!.revenue));
  });

  it('intersects the allow-list with an appIds filter', async () => {
    const data = await asTeam<{ topUsers: { totalCount: number } }>(
      `query ($range: DateRange!) {
        topUsers(range: $range, filter: { appIds: ["104513", "${TEAM_APPS[0]}"] }) { totalCount }
      }`,
      { range: RANGE },
    );
    const inFirst = new Set(
      teamRows.filter((row) => row.appId === TEAM_APPS[0]).map((row) => row.userId),
    );

    expect(data.topUsers.totalCount).toBe(inFirst.size);
  });
});
