import type { Store } from '../../src/store';
import { exactDecimalSum, FixtureDir, openMemoryStore, SIMULATOR_HEADER } from './store-fixtures';

const DAY = '2026-11-28';
const OTHER_DAY = '2026-11-27';

/** `count` rows for `day`, user ids prefixed so two versions of a day are told apart. */
function dayLines(day: string, prefix: string, count: number, revenue: string): string[] {
  const lines = [SIMULATOR_HEADER];
  for (let i = 0; i < count; i++) {
    lines.push(`${day},1,App,${prefix}${i},ad-${i},android,US,${revenue},1,0,0`);
  }
  return lines;
}

interface DayState {
  rows: number;
  revenue: string | null;
  prefixes: string[];
}

describe('Store day replacement', () => {
  const dir = new FixtureDir();
  let store: Store;

  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(() => store.close());
  afterAll(() => dir.cleanup());

  async function dayState(day: string): Promise<DayState> {
    const [state] = await store.all<DayState>(
      'test_day_state',
      `SELECT count(*) AS rows, sum(revenue) AS revenue,
          list_sort(list_distinct(list(regexp_extract(user_id, '^[a-z]+')))) AS prefixes
        FROM user_day WHERE report_day = $day::DATE`,
      { day },
    );
    return state;
  }

  it('replaces the rows of a day exactly on reload', async () => {
    await store.loadDay({
      day: DAY,
      csvPath: dir.csv(dayLines(DAY, 'old', 30, '1.5')),
      reportId: 'a',
    });
    await store.loadDay({
      day: OTHER_DAY,
      csvPath: dir.csv(dayLines(OTHER_DAY, 'keep', 5, '2')),
      reportId: 'o',
    });
    await store.loadDay({
      day: DAY,
      csvPath: dir.csv(dayLines(DAY, 'new', 20, '0.25')),
      reportId: 'b',
    });

    expect(await dayState(DAY)).toEqual({
      rows: 20,
      revenue: exactDecimalSum(Array(20).fill('0.25')),
      prefixes: ['new'],
    });
    expect(await dayState(OTHER_DAY)).toMatchObject({ rows: 5, prefixes: ['keep'] });
    expect(await store.dayEntry(DAY)).toMatchObject({
      rows: 20,
      reportId: 'b',
      revenueTotal: '5.000000000000000000',
    });
  });

  it('leaves the previous day readable and unchanged when a reload has a bad value', async () => {
    await store.loadDay({
      day: DAY,
      csvPath: dir.csv(dayLines(DAY, 'old', 30, '1.5')),
      reportId: 'a',
    });
    const before = { state: await dayState(DAY), entry: await store.dayEntry(DAY) };

    const bad = dayLines(DAY, 'new', 40, '0.25');
    bad[35] = `${DAY},1,App,new35,ad,android,US,abc,1,0,0`;
    await expect(store.loadDay({ day: DAY, csvPath: dir.csv(bad), reportId: 'b' })).rejects.toThrow(
      'Column "Revenue (USD)" on line 36 holds "abc"',
    );

    expect(await dayState(DAY)).toEqual(before.state);
    expect(await store.dayEntry(DAY)).toEqual(before.entry);
  });

  it('rolls back the delete and insert when the transaction fails part way', async () => {
    await store.loadDay({
      day: DAY,
      csvPath: dir.csv(dayLines(DAY, 'old', 30, '1.5')),
      reportId: 'a',
    });
    const before = await dayState(DAY);

    // Breaks the catalogue upsert, the step after the delete and the insert.
    await store.all('test_break_catalogue', 'ALTER TABLE loaded_day RENAME TO loaded_day_aside');
    const reload = store.loadDay({
      day: DAY,
      csvPath: dir.csv(dayLines(DAY, 'new', 20, '2')),
      reportId: 'b',
    });
    await expect(reload).rejects.toMatchObject({
      code: 'STORE_QUERY_FAILED',
      context: { statement: 'upsert_loaded_day' },
    });
    await store.all('test_mend_catalogue', 'ALTER TABLE loaded_day_aside RENAME TO loaded_day');

    expect(await dayState(DAY)).toEqual(before);
    expect(await store.dayEntry(DAY)).toMatchObject({ reportId: 'a', rows: 30 });
  });

  it('shows concurrent readers the old day or the new one, never a mix', async () => {
    const oldState = {
      rows: 60_000,
      revenue: exactDecimalSum(Array(60_000).fill('1.5')),
      prefixes: ['old'],
    };
    const newState = {
      rows: 80_000,
      revenue: exactDecimalSum(Array(80_000).fill('0.25')),
      prefixes: ['new'],
    };
    await store.loadDay({
      day: DAY,
      csvPath: dir.csv(dayLines(DAY, 'old', oldState.rows, '1.5')),
      reportId: 'a',
    });
    const newFile = dir.csv(dayLines(DAY, 'new', newState.rows, '0.25'));

    let done = false;
    const reload = store.loadDay({ day: DAY, csvPath: newFile, reportId: 'b' }).finally(() => {
      done = true;
    });
    const seen: DayState[] = [];
    while (!done) seen.push(await dayState(DAY));
    await reload;
    seen.push(await dayState(DAY));

    for (const state of seen) expect([oldState, newState]).toContainEqual(state);
    expect(seen[0]).toEqual(oldState);
    expect(seen[seen.length - 1]).toEqual(newState);
  });

  it('answers reads of another day while a long load runs', async () => {
    await store.loadDay({
      day: OTHER_DAY,
      csvPath: dir.csv(dayLines(OTHER_DAY, 'keep', 10, '2')),
      reportId: 'o',
    });
    const big = dir.csv(dayLines(DAY, 'big', 200_000, '0.5'));

    let loadFinished = false;
    const load = store.loadDay({ day: DAY, csvPath: big, reportId: 'b' }).then((result) => {
      loadFinished = true;
      return result;
    });
    // Give the load time to start parsing before reading.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const other = await dayState(OTHER_DAY);
    const finishedBeforeRead = loadFinished;
    await load;

    expect(other).toMatchObject({ rows: 10, prefixes: ['keep'] });
    expect(finishedBeforeRead).toBe(false);
  });

  it('runs loads of different days one after the other without mixing them', async () => {
    const days = ['2026-11-20', '2026-11-21', '2026-11-22'];
    await Promise.all(
      days.map((day, i) =>
        store.loadDay({
          day,
          csvPath: dir.csv(dayLines(day, 'x', 100 * (i + 1), '1')),
          reportId: day,
        }),
      ),
    );
    for (const [i, day] of days.entries()) {
      expect(await dayState(day)).toMatchObject({ rows: 100 * (i + 1) });
    }
  });
});
