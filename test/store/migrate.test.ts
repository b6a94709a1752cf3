import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { silentLogger } from '../../src/logging/logger';
import { Store, StoreOpenError, StoreSchemaTooNewError, storeFilePath } from '../../src/store';
import { MIGRATIONS, type Migration } from '../../src/store/migrations';
import { FixtureDir } from './store-fixtures';

const DAY = '2026-11-28';

describe('Store schema migrations', () => {
  const fixtures = new FixtureDir();
  let root: string;
  let dataDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ltv-store-data-'));
    dataDir = root;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  afterAll(() => fixtures.cleanup());

  const open = (migrations?: readonly Migration[]) =>
    Store.open({ path: storeFilePath(dataDir), logger: silentLogger(), migrations });

  const versions = (store: Store) =>
    store.all<{ version: number; name: string }>(
      'test_schema_versions',
      'SELECT version, name FROM schema_version ORDER BY version',
    );

  it('creates the file database and its directory, and records the newest version', async () => {
    dataDir = join(root, 'nested', 'data');
    const store = await open();
    try {
      expect(await versions(store)).toEqual(
        MIGRATIONS.map(({ version, name }) => ({ version, name })),
      );
    } finally {
      await store.close();
    }
  });

  it('applies nothing again on reopen and keeps the loaded days', async () => {
    const first = await open();
    await first.loadDay({
      day: DAY,
      csvPath: fixtures.csv(['User ID,Revenue', 'u1,0.25']),
      reportId: 'r',
    });
    await first.close();

    const statements: string[] = [];
    const second = await open();
    second.onStatement((event) => statements.push(event.name));
    try {
      expect(await versions(second)).toHaveLength(MIGRATIONS.length);
      expect(await second.dayEntry(DAY)).toMatchObject({
        rows: 1,
        revenueTotal: '0.250000000000000000',
      });
      expect(statements).not.toContain('apply_migration');
    } finally {
      await second.close();
    }
  });

  it('applies only the steps a database lacks, in order', async () => {
    await (await open()).close();
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'test_extra_column',
      statements: ['ALTER TABLE loaded_day ADD COLUMN note VARCHAR'],
    };
    const store = await open([...MIGRATIONS, extra]);
    try {
      expect((await versions(store)).map((v) => v.version)).toEqual(
        [...MIGRATIONS, extra].map((m) => m.version),
      );
      const columns = await store.all<{ name: string }>(
        'test_columns',
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'loaded_day' AND column_name = 'note'",
      );
      expect(columns).toEqual([{ name: 'note' }]);
    } finally {
      await store.close();
    }
  });

  it("marks each user's only row of a day in rows stored before version 4, keeping them all", async () => {
    const before = await open(MIGRATIONS.filter((migration) => migration.version < 4));
    // Rows as a version-3 load left them: no is_sole_row column yet.
    await before.all(
      'test_insert_version_3_rows',
      `INSERT INTO user_day (report_day, user_id, app_id, revenue, impressions, clicks,
                             conversions, is_masked)
       VALUES ('2026-11-27', 'u1', 'a1', 1.5, 1, 0, 0, false),
              ('2026-11-27', 'u1', 'a2', 2.25, 1, 0, 0, false),
              ('2026-11-27', 'u2', 'a1', 0.125, 1, 0, 0, false),
              ('2026-11-28', 'u1', 'a1', 4, 1, 0, 0, false),
              ('2026-11-28', 'aggregated masked user level revenue', NULL, 0.5, 0, 0, 0, true)`,
    );
    await before.close();

    const after = await open();
    try {
      const rows = await after.all(
        'test_sole_rows_after_migration',
        'SELECT report_day, user_id, app_id, revenue, is_sole_row FROM user_day ORDER BY ALL',
      );
      expect(rows).toEqual([
        {
          report_day: '2026-11-27',
          user_id: 'u1',
          app_id: 'a1',
          revenue: '1.500000000000000000',
          is_sole_row: false,
        },
        {
          report_day: '2026-11-27',
          user_id: 'u1',
          app_id: 'a2',
          revenue: '2.250000000000000000',
          is_sole_row: false,
        },
        {
          report_day: '2026-11-27',
          user_id: 'u2',
          app_id: 'a1',
          revenue: '0.125000000000000000',
          is_sole_row: true,
        },
        {
          report_day: '2026-11-28',
          user_id: 'aggregated masked user level revenue',
          app_id: null,
          revenue: '0.500000000000000000',
          is_sole_row: true,
        },
        {
          report_day: '2026-11-28',
          user_id: 'u1',
          app_id: 'a1',
          revenue: '4.000000000000000000',
          is_sole_row: true,
        },
      ]);
      const nullable = await after.all(
        'test_sole_row_nullable',
        "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'user_day' AND column_name = 'is_sole_row'",
      );
      expect(nullable).toEqual([{ is_nullable: 'NO' }]);
    } finally {
      await after.close();
    }
  });

  it('refuses a database migrated by a newer build', async () => {
    const newer: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'test_future',
      statements: [],
    };
    await (await open([...MIGRATIONS, newer])).close();
    await expect(open()).rejects.toThrow(StoreSchemaTooNewError);
    // The refused open released the file: a compatible build can still open it.
    await (await open([...MIGRATIONS, newer])).close();
  });

  it('rolls a failing step back completely', async () => {
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'test_broken',
      statements: ['CREATE TABLE half_done (x INTEGER)', 'SELECT * FROM no_such_table'],
    };
    await expect(open([...MIGRATIONS, broken])).rejects.toThrow(/no_such_table/);
    const store = await open();
    try {
      expect(await versions(store)).toHaveLength(MIGRATIONS.length);
      const tables = await store.all(
        'test_tables',
        "SELECT table_name FROM information_schema.tables WHERE table_name = 'half_done'",
      );
      expect(tables).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('Store.open', () => {
  it('wraps a file DuckDB cannot open in StoreOpenError', async () => {
    const fixtures = new FixtureDir();
    // Larger than a DuckDB header, and not named .csv (DuckDB opens those as a CSV view).
    const notADatabase = join(fixtures.path, 'report.db');
    writeFileSync(notADatabase, 'User ID,Revenue\n'.repeat(2000));
    try {
      const attempt = Store.open({ path: notADatabase, logger: silentLogger() });
      await expect(attempt).rejects.toThrow(StoreOpenError);
      await expect(attempt).rejects.toMatchObject({ code: 'STORE_OPEN_FAILED' });
    } finally {
      fixtures.cleanup();
    }
  });
});
