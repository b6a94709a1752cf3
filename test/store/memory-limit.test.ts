import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

import { silentLogger } from '../../src/logging/logger';
import { dayCsv } from '../../src/simulator';
import { Store, StoreOpenError } from '../../src/store';
import { simulatedDay } from '../support/report-rows';
import { formatUsd } from '../support/usd';
import { FixtureDir } from './store-fixtures';

const DAY = '2026-11-20';
const POPULATION = { users: 120_000, seed: 3 };

describe('the store’s memory limit', () => {
  const fixtures = new FixtureDir();
  afterAll(() => fixtures.cleanup());

  it('is applied to DuckDB, with the spill directory the store was given', async () => {
    const spill = join(fixtures.path, 'spill-setting');
    const store = await Store.open({
      path: join(fixtures.path, 'setting.duckdb'),
      logger: silentLogger(),
      memory: { limit: '200MB', spillDirectory: spill },
    });
    try {
      const [setting] = await store.all<{ limit: string; spill: string }>(
        'test_memory_settings',
        `SELECT current_setting('memory_limit') AS "limit",
                current_setting('temp_directory') AS spill`,
      );
      // DuckDB reports the limit in binary units: 200 MB is 190.7 MiB.
      expect(setting.limit).toBe('190.7 MiB');
      expect(setting.spill).toBe(spill);
    } finally {
      await store.close();
    }
  });

  it('still loads a day exactly when the day is larger than the limit allows in memory', async () => {
    const csvPath = join(fixtures.path, 'large-day.csv');
    const out = createWriteStream(csvPath);
    for (const chunk of dayCsv(POPULATION, DAY)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const spill = join(fixtures.path, 'spill-load');
    const store = await Store.open({
      path: join(fixtures.path, 'tight.duckdb'),
      logger: silentLogger(),
      memory: { limit: '64MB', spillDirectory: spill },
    });
    try {
      const load = await store.loadDay({ day: DAY, csvPath, reportId: null });
      const rows = simulatedDay(POPULATION, DAY);
      const revenueTotal = formatUsd(rows.reduce((sum, row) => sum + row.revenue, 0n));

      expect(load.rows).toBe(rows.length);
      expect(load.revenueTotal).toBe(revenueTotal);
      const [stored] = await store.all<{ rows: number; revenue: string }>(
        'test_stored_day',
        'SELECT count(*) AS rows, sum(revenue) AS revenue FROM user_day',
      );
      expect(stored).toEqual({ rows: rows.length, revenue: revenueTotal });
      // The day did not fit in 64 MB: DuckDB spilled, into the directory it was given.
      expect(existsSync(spill)).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses to open with a limit DuckDB cannot read, naming the store', async () => {
    const path = join(fixtures.path, 'refused.duckdb');
    const opening = Store.open({ path, logger: silentLogger(), memory: { limit: 'lots' } });

    await expect(opening).rejects.toThrow(StoreOpenError);
    await expect(opening).rejects.toThrow(path);
    expect(readdirSync(fixtures.path)).not.toContain('refused.duckdb');
  });
});
