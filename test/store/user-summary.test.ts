import type { Store } from '../../src/store';
import { exactDecimalSum, FixtureDir, openMemoryStore, SIMULATOR_HEADER } from './store-fixtures';

/** One line of a day file, as the fixtures write it. */
interface Line {
  user: string;
  app: string;
  ad: string;
  revenue: string;
  impressions: number;
}

interface SummaryRow {
  user_id: string;
  app_id: string;
  first_seen: string;
  last_seen: string;
  revenue: string;
  impressions: number;
  advertising_ids: string[];
}

const MASKED = 'aggregated masked user level revenue';

function dayFile(dir: FixtureDir, day: string, lines: readonly Line[]): string {
  return dir.csv([
    SIMULATOR_HEADER,
    ...lines.map(
      (line) =>
        `${day},${line.app},App,${line.user},${line.ad},android,US,${line.revenue},${line.impressions},0,0`,
    ),
    `${day},,,${MASKED},,,,0.5,0,0,0`,
  ]);
}

/** What the summary must hold for the days as stored now, computed from the lines alone. */
function expectedSummary(days: Map<string, readonly Line[]>): SummaryRow[] {
  const rows = new Map<string, SummaryRow & { revenues: string[] }>();
  for (const [day, lines] of [...days].sort(([a], [b]) => a.localeCompare(b))) {
    for (const line of lines) {
      const key = `${line.user}|${line.app}`;
      const row = rows.get(key) ?? {
        user_id: line.user,
        app_id: line.app,
        first_seen: day,
        last_seen: day,
        revenue: '',
        revenues: [],
        impressions: 0,
        advertising_ids: [],
      };
      row.last_seen = day;
      row.revenues.push(line.revenue);
      row.impressions += line.impressions;
      if (line.ad !== '' && !row.advertising_ids.includes(line.ad))
        row.advertising_ids.push(line.ad);
      rows.set(key, row);
    }
  }
  return [...rows.values()]
    .map(({ revenues, ...row }) => ({
      ...row,
      revenue: exactDecimalSum(revenues),
      advertising_ids: [...row.advertising_ids].sort(),
    }))
    .sort((a, b) => `${a.user_id}|${a.app_id}`.localeCompare(`${b.user_id}|${b.app_id}`));
}

describe('user_summary and user_advertising_id', () => {
  const dir = new FixtureDir();
  let store: Store;

  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(() => store.close());
  afterAll(() => dir.cleanup());

  const summary = () =>
    store.all<SummaryRow>(
      'test_user_summary',
      `SELECT s.user_id, s.app_id, s.first_seen, s.last_seen, s.revenue, s.impressions,
              coalesce((SELECT list(a.advertising_id ORDER BY a.advertising_id)
                          FROM user_advertising_id a
                         WHERE a.user_id = s.user_id AND a.app_id = s.app_id), [])
                AS advertising_ids
         FROM user_summary s ORDER BY s.user_id || '|' || s.app_id`,
    );

  const load = (day: string, lines: readonly Line[]) =>
    store.loadDay({ day, csvPath: dayFile(dir, day, lines), reportId: null });

  it('matches every user and app of the stored days, whatever the order days are loaded in', async () => {
    const days = new Map<string, Line[]>([
      [
        '2026-11-20',
        [
          { user: 'u1', app: 'a', ad: 'AD-1', revenue: '0.1', impressions: 3 },
          { user: 'u2', app: 'a', ad: '', revenue: '0.036300000000000006', impressions: 1 },
        ],
      ],
      [
        '2026-11-18',
        [
          { user: 'u1', app: 'a', ad: 'AD-0', revenue: '1.25', impressions: 2 },
          { user: 'u1', app: 'b', ad: 'AD-1', revenue: '0.5', impressions: 1 },
        ],
      ],
      ['2026-11-22', [{ user: 'u3', app: 'b', ad: 'AD-3', revenue: '2', impressions: 7 }]],
    ]);
    for (const [day, lines] of days) await load(day, lines);

    expect(await summary()).toEqual(expectedSummary(days));
  });

  it('forgets what a replaced day held, down to first-seen days and advertising ids', async () => {
    const days = new Map<string, Line[]>([
      ['2026-11-18', [{ user: 'u1', app: 'a', ad: 'AD-OLD', revenue: '1', impressions: 1 }]],
      ['2026-11-19', [{ user: 'u1', app: 'a', ad: 'AD-1', revenue: '2', impressions: 2 }]],
    ]);
    for (const [day, lines] of days) await load(day, lines);

    days.set('2026-11-18', [{ user: 'u9', app: 'a', ad: 'AD-9', revenue: '3', impressions: 3 }]);
    await load('2026-11-18', days.get('2026-11-18') ?? []);

    const rows = await summary();
    expect(rows).toEqual(expectedSummary(days));
    expect(rows.find((row) => row.user_id === 'u1')?.first_seen).toBe('2026-11-19');
  });

  it('keeps answering summary reads while a load rebuilds it', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => ({
      user: `user-${i}`,
      app: 'a',
      ad: `AD-${i}`,
      revenue: '0.25',
      impressions: 1,
    }));
    await load('2026-11-18', lines);
    const loading = load('2026-11-19', lines);
    const counts: number[] = [];
    let done = false;
    void loading.finally(() => (done = true));
    while (!done) {
      const [row] = await store.all<{ users: number }>(
        'test_summary_users',
        'SELECT count(*) AS users FROM user_summary',
      );
      counts.push(row.users);
    }
    await loading;

    expect(counts.length).toBeGreaterThan(0);
    expect(new Set(counts)).toEqual(new Set([20_000]));
  });
});
