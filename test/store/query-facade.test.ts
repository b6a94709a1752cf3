import {
  StoreClosedError,
  StoreQueryError,
  type StatementEvent,
  type Store,
} from '../../src/store';
import { openMemoryStore } from './store-fixtures';

describe('Store.all', () => {
  let store: Store;

  beforeAll(async () => {
    store = await openMemoryStore();
  });
  afterAll(() => store.close());

  const one = async (sql: string, params?: Record<string, unknown> | unknown[]) =>
    (await store.all('test_value', sql, params))[0];

  it('converts integer sums to numbers', async () => {
    expect(
      await one('SELECT 42::BIGINT AS b, sum(x)::HUGEINT AS h, count(*) AS n FROM range(3) t(x)'),
    ).toEqual({
      b: 42,
      h: 3,
      n: 3,
    });
  });

  it('converts the largest safe integer and refuses one beyond it', async () => {
    expect(await one('SELECT 9007199254740991::BIGINT AS n')).toEqual({
      n: Number.MAX_SAFE_INTEGER,
    });
    const attempt = store.all('test_unsafe_integer', 'SELECT 9007199254740992::BIGINT AS n');
    await expect(attempt).rejects.toThrow(StoreQueryError);
    await expect(attempt).rejects.toThrow(/test_unsafe_integer.*beyond JavaScript's safe range/);
    await expect(
      store.all('test_unsafe_hugeint', 'SELECT -(2::HUGEINT ** 60)::HUGEINT AS n'),
    ).rejects.toThrow(StoreQueryError);
  });

  it('keeps decimals exact as strings with their scale', async () => {
    expect(
      await one(
        "SELECT 12.3456::DECIMAL(38,18) AS a, '0.036300000000000006'::DECIMAL(38,18) + 0.1::DECIMAL(38,18) AS b, (-1.5)::DECIMAL(9,2) AS c",
      ),
    ).toEqual({ a: '12.345600000000000000', b: '0.136300000000000006', c: '-1.50' });
  });

  it('writes days as YYYY-MM-DD and timestamps as ISO 8601 in UTC', async () => {
    expect(
      await one(
        "SELECT DATE '2026-11-28' AS d, TIMESTAMP '2026-11-28 13:04:05.123456' AS t, NULL::DATE AS n",
      ),
    ).toEqual({ d: '2026-11-28', t: '2026-11-28T13:04:05.123Z', n: null });
  });

  it('turns lists into arrays and structs into objects', async () => {
    expect(
      await one(
        "SELECT ['a', 'b'] AS l, [1::BIGINT, 2] AS n, {'k': 1.5::DECIMAL(4,2)} AS s, []::VARCHAR[] AS e",
      ),
    ).toEqual({ l: ['a', 'b'], n: [1, 2], s: { k: '1.50' }, e: [] });
  });

  it('passes doubles, booleans and strings through', async () => {
    expect(await one("SELECT 0.5::DOUBLE AS d, true AS b, 'x' AS s")).toEqual({
      d: 0.5,
      b: true,
      s: 'x',
    });
  });

  it('binds named parameters, lists and dates', async () => {
    const rows = await store.all(
      'test_named_params',
      `SELECT $day::DATE + 1 AS next_day, list_contains($ids, 'b') AS has_b, len($ids) AS n,
         $when AS at, $ratio * 2 AS twice, $big + 1 AS big, $none IS NULL AS none, $empty AS empty`,
      {
        day: '2026-11-28',
        ids: ['a', 'b'],
        when: new Date('2026-11-28T10:00:00.000Z'),
        ratio: 0.25,
        big: 5_000_000_000,
        none: null,
        empty: [],
      },
    );
    expect(rows).toEqual([
      {
        next_day: '2026-11-29',
        has_b: true,
        n: 2,
        at: '2026-11-28T10:00:00.000Z',
        twice: 0.5,
        big: 5_000_000_001,
        none: true,
        empty: [],
      },
    ]);
  });

  it('binds positional parameters', async () => {
    expect(await one('SELECT $1 || $2 AS s, $3 AS n', ['a', 'b', 7])).toEqual({ s: 'ab', n: 7 });
  });

  it('wraps driver errors with the statement name and cause', async () => {
    const attempt = store.all('test_bad_sql', 'SELECT * FROM no_such_table');
    await expect(attempt).rejects.toMatchObject({
      name: 'StoreQueryError',
      code: 'STORE_QUERY_FAILED',
      context: { statement: 'test_bad_sql' },
      cause: expect.objectContaining({ message: expect.stringContaining('no_such_table') }),
    });
  });

  it('rejects undefined parameters and names that are not snake_case', async () => {
    await expect(store.all('test_undefined', 'SELECT $x AS x', { x: undefined })).rejects.toThrow(
      /Parameter \$x is undefined/,
    );
    await expect(store.all('Not Snake', 'SELECT 1')).rejects.toThrow(/not snake_case/);
  });

  it('reports every statement with its name, duration and row count', async () => {
    const events: StatementEvent[] = [];
    const stop = store.onStatement((event) => events.push(event));
    await store.all('test_counted', 'SELECT * FROM range(5)');
    await store.all('test_counted', 'SELECT 1');
    await store.all('test_failing', 'SELECT nope').catch(() => undefined);
    stop();
    await store.all('test_after_stop', 'SELECT 1');

    expect(events.map(({ name, rows, failed }) => ({ name, rows, failed }))).toEqual([
      { name: 'test_counted', rows: 5, failed: false },
      { name: 'test_counted', rows: 1, failed: false },
      { name: 'test_failing', rows: 0, failed: true },
    ]);
    expect(events.every((e) => e.durationMs >= 0)).toBe(true);
  });

  it('runs reads concurrently on separate connections', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.all<{ i: number }>('test_parallel', 'SELECT $i AS i', { i }),
      ),
    );
    expect(results.map((rows) => rows[0].i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('Store.close', () => {
  it('waits for running reads, then refuses new work', async () => {
    const store = await openMemoryStore();
    const running = store.all('test_slow', 'SELECT count(*) AS n FROM range(3000000)');
    await store.close();
    await expect(running).resolves.toEqual([{ n: 3_000_000 }]);
    await expect(store.all('test_closed', 'SELECT 1')).rejects.toThrow(StoreClosedError);
    await store.close();
  });
});
