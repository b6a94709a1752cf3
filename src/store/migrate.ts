import { StoreSchemaTooNewError } from './errors';
import { MIGRATIONS, type Migration } from './migrations';
import type { Session } from './session';

/** Where a migration run started and ended; equal when the schema was already current. */
export interface MigrationOutcome {
  from: number;
  to: number;
}

/**
 * Brings the schema up to the newest migration, applying only the steps the database lacks.
 * Safe to call on every start-up: on a current database it only reads `schema_version`.
 * Throws `StoreSchemaTooNewError` when the database is ahead of this build.
 */
export async function migrate(
  session: Session,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  assertOrdered(migrations);
  await session.run(
    'create_schema_version',
    `CREATE TABLE IF NOT EXISTS schema_version (
      version INTEGER PRIMARY KEY,
      name VARCHAR NOT NULL,
      applied_at TIMESTAMP NOT NULL
    )`,
  );
  const [{ version: from }] = await session.all<{ version: number }>(
    'read_schema_version',
    'SELECT coalesce(max(version), 0) AS version FROM schema_version',
  );
  const newest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (from > newest) throw new StoreSchemaTooNewError(from, newest);

  for (const migration of migrations.filter((m) => m.version > from)) {
    await applyMigration(session, migration);
  }
  return { from, to: Math.max(from, newest) };
}

async function applyMigration(session: Session, migration: Migration): Promise<void> {
  await session.run('begin_migration', 'BEGIN TRANSACTION');
  try {
    for (const statement of migration.statements) {
      await session.run('apply_migration', statement);
    }
    await session.run(
      'record_migration',
      'INSERT INTO schema_version VALUES ($version, $name, $appliedAt)',
      { version: migration.version, name: migration.name, appliedAt: new Date() },
    );
    await session.run('commit_migration', 'COMMIT');
  } catch (error) {
    await session.run('rollback_migration', 'ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (versions run 1, 2, 3… without gaps).`,
      );
    }
  });
}
