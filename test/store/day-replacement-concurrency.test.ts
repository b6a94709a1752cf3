import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { silentLogger } from '../../src/logging/logger';
import { Store, storeFilePath } from '../../src/store';
import { exactDecimalSum, FixtureDir, SIMULATOR_HEADER } from './store-fixtures';

const DAYS = ['2026-11-25', '2026-11-26', '2026-11-27'];
/** Several row groups a day (8,192 rows each): the shape that exposed mixed days. */
const ROWS_PER_DAY = 20_000;
const REPLACEMENTS = 4;
const READERS = 4;

/** A day of `ROWS_PER_DAY` rows, each with revenue 0.5. */
function dayLines(day: string): string[] {
  const lines = [SIMULATOR_HEADER];
  for (let i = 0; i < ROWS_PER_DAY; i++) {
    lines.push(`${day},1,App,user-${String(i).padStart(6, '0')},ad-${i},android,US,0.5,1,0,0`);
  }
  return lines;
}

describe('Store day replacement under concurrent reads (file database)', () => {
  const fixtures = new FixtureDir();
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ltv-replacement-'));
    store = await Store.open({ path: storeFilePath(dir), logger: silentLogger() });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
    fixtures.cleanup();
  });

  it('never lets a statement see a replaced day twice or in part', async () => {
    const files = new Map(DAYS.map((day) => [day, fixtures.csv(dayLines(day))]));
    for (const day of DAYS) {
      await store.loadDay({ day, csvPath: files.get(day)!, reportId: null });
    }
    const expected = {
      rows: DAYS.length * ROWS_PER_DAY,
      revenue: exactDecimalSum(Array(DAYS.length * ROWS_PER_DAY).fill('0.5')),
    };

    let replacing = true;
    const seen: { rows: number; revenue: string }[] = [];
    const reader = async () => {
      while (replacing) {
        const [state] = await store.all<{ rows: number; revenue: string }>(
          'test_all_days_state',
          'SELECT count(*) AS rows, sum(revenue) AS revenue FROM user_day',
        );
        seen.push(state);
      }
    };
    const readers = Array.from({ length: READERS }, reader);
    for (let i = 0; i < REPLACEMENTS; i++) {
      const day = DAYS[i % DAYS.length];
      await store.loadDay({ day, csvPath: files.get(day)!, reportId: null });
    }
    replacing = false;
    await Promise.all(readers);

    expect(seen.length).toBeGreaterThan(REPLACEMENTS);
    expect(seen.filter((state) => state.rows !== expected.rows)).toEqual([]);
    expect(new Set(seen.map((state) => state.revenue))).toEqual(new Set([expected.revenue]));
  });
});
