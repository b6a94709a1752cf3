import { Metric } from '../../src/graphql/common/enums';
import type { UserFilter } from '../../src/graphql/common/user-filter.input';
import { readTopUsers, type TopUsersQuery } from '../../src/segments/top-users-reader';
import type { Store } from '../../src/store';
import { FixtureDir, openMemoryStore, SIMULATOR_HEADER } from '../store/store-fixtures';

const DAY_A = '2026-11-20';
const DAY_B = '2026-11-21';
const DAY_C = '2026-11-22';

/** A day file of `[user, revenue]` rows, all in one app on android in the US. */
function dayLines(day: string, users: [string, string][]): string[] {
  return [
    SIMULATOR_HEADER,
    ...users.map(
      ([user, revenue]) => `${day},1,App,${user},ad-${user},android,US,${revenue},1,0,0`,
    ),
  ];
}

/**
 * Which rows a ranking reads: the summary when the days asked hold every stored day, the day
 * rows otherwise. The summary is doctored for user u2 (100 USD instead of 2), so the answer
 * shows which table it came from; real summaries always agree with the day rows.
 */
describe('topUsers: summary or day rows', () => {
  const dir = new FixtureDir();
  let store: Store;
  let statements: string[];

  beforeEach(async () => {
    store = await openMemoryStore();
    await store.loadDay({
      day: DAY_A,
      csvPath: dir.csv(
        dayLines(DAY_A, [
          ['u1', '1'],
          ['u2', '2'],
        ]),
      ),
      reportId: 'a',
    });
    await store.loadDay({
      day: DAY_B,
      csvPath: dir.csv(
        dayLines(DAY_B, [
          ['u1', '5'],
          ['u3', '4'],
        ]),
      ),
      reportId: 'b',
    });
    await store.all('doctor_summary', `UPDATE user_summary SET revenue = 100 WHERE user_id = 'u2'`);
    statements = [];
    store.onStatement((event) => statements.push(event.name));
  });
  afterEach(() => store.close());
  afterAll(() => dir.cleanup());

  async function ranking(days: string[], filter?: UserFilter) {
    const query: TopUsersQuery = {
      days,
      orderBy: Metric.REVENUE,
      filter,
      limit: 10,
      after: undefined,
      apps: undefined,
    };
    const { users, totalCount } = await readTopUsers(store, query);
    return { totalCount, users: users.map((user) => [user.userId, Number(user.revenue)]) };
  }

  it('reads the summary when every stored day is asked', async () => {
    expect(await ranking([DAY_A, DAY_B])).toEqual({
      totalCount: 3,
      users: [
        ['u2', 100],
        ['u1', 6],
        ['u3', 4],
      ],
    });
    expect(statements).toEqual(['top_users_by_revenue_from_summary']);
  });

  it('reads the day rows when a stored day lies outside the days asked', async () => {
    expect(await ranking([DAY_B])).toEqual({
      totalCount: 2,
      users: [
        ['u1', 5],
        ['u3', 4],
      ],
    }); // The summary statement declined, reading nothing; the day rows answered.
    expect(statements).toEqual(['top_users_by_revenue_from_summary', 'top_users_by_revenue']);
  });

  it('reads the day rows when a day was loaded after the days asked were chosen', async () => {
    await store.loadDay({
      day: DAY_C,
      csvPath: dir.csv(dayLines(DAY_C, [['u3', '50']])),
      reportId: 'c',
    });
    statements.length = 0;

    // The request decided on A and B; C landed before its statement ran and is not in the answer.
    expect(await ranking([DAY_A, DAY_B])).toEqual({
      totalCount: 3,
      users: [
        ['u1', 6],
        ['u3', 4],
        ['u2', 2],
      ],
    });
    expect(statements).toEqual(['top_users_by_revenue_from_summary', 'top_users_by_revenue']);
  });

  it('reads the day rows for a platform filter, which the summary cannot answer', async () => {
    const answer = await ranking([DAY_A, DAY_B], { deviceOs: ['android'] } as UserFilter);

    expect(answer.users[0]).toEqual(['u1', 6]);
    expect(statements).toEqual(['top_users_by_revenue']);
  });
});
