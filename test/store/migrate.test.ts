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
