import { silentLogger } from '../../src/logging/logger';
import { IN_MEMORY, StatementTimeoutError, Store, StoreQueryError } from '../../src/store';
import { FixtureDir, SIMULATOR_HEADER } from './store-fixtures';

/** About 10^11 row pairs: minutes of work, so only the timeout can end it in time. */
const SLOW_SQL = 'SELECT count(*) AS n FROM range(100000000) a, range(1000) b';

describe('Store.all with a statement timeout', () => {
  const dir = new FixtureDir();
  let store: Store;

  beforeAll(async () => {
    // One read connection: the statement after a timeout must run on the interrupted one.
    store = await Store.open({
      path: IN_MEMORY,
      logger: silentLogger(),
      readConnections: 1,
      statementTimeoutMs: 100,
    });
  });
  afterAll(async () => {
    await store.close();
    dir.cleanup();
  });

  it('interrupts a statement still running after the timeout with StatementTimeoutError', async () => {
    const started = performance.now();
    const attempt = store.all('slow_cross_join', SLOW_SQL);

    await expect(attempt).rejects.toThrow(StatementTimeoutError);
    await expect(attempt).rejects.toMatchObject({
      code: 'STATEMENT_TIMEOUT',
      context: { statement: 'slow_cross_join', timeoutMs: 100 },
      message:
        'Statement "slow_cross_join" ran longer than the 100 ms statement timeout and was interrupted.',
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('runs the next statement on the same connection normally', async () => {
    await expect(store.all('slow_cross_join', SLOW_SQL)).rejects.toThrow(StatementTimeoutError);

    expect(await store.all('after_timeout', 'SELECT 6 * 7 AS answer')).toEqual([{ answer: 42 }]);
    expect(
      await store.all('after_timeout_sum', 'SELECT sum(x) AS s FROM range(1000) t(x)'),
    ).toEqual([{ s: (999 * 1000) / 2 }]);
  });

  it('interrupts a parameterised statement even when the timeout ends during its preparation', async () => {
    const quick = await Store.open({
      path: IN_MEMORY,
      logger: silentLogger(),
      readConnections: 1,
      statementTimeoutMs: 1,
    });
    try {
      const attempt = quick.all(
        'slow_cross_join_with_params',
        'SELECT count(*) AS n FROM range($rows) a, range($width) b',
        { rows: 100_000_000, width: 1000 },
      );

      await expect(attempt).rejects.toThrow(StatementTimeoutError);
    } finally {
      await quick.close();
    }
  });

  it('answers a statement that finishes under the timeout', async () => {
    const rows = await store.all('quick_count', 'SELECT count(*) AS n FROM range(100000)');

    expect(rows).toEqual([{ n: 100_000 }]);
  });

  it('still reports other failures as StoreQueryError', async () => {
    const attempt = store.all('missing_table', 'SELECT * FROM no_such_table');

    await expect(attempt).rejects.toThrow(StoreQueryError);
    await expect(attempt).rejects.not.toThrow(StatementTimeoutError);
  });

  it('does not apply the timeout to loads', async () => {
    const strict = await Store.open({
      path: IN_MEMORY,
      logger: silentLogger(),
      statementTimeoutMs: 1,
    });
    try {
      const lines = Array.from(
        { length: 20_000 },
        (_, i) => `2026-11-28,12,App,user-${i},ad-${i},ios,US,0.5,2,1,0`,
      );
      const csvPath = dir.csv([SIMULATOR_HEADER, ...lines]);

      const load = await strict.loadDay({ day: '2026-11-28', csvPath, reportId: null });

      expect(load.rows).toBe(20_000);
    } finally {
      await strict.close();
    }
  });
});
