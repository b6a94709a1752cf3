import { silentLogger } from '../../src/logging/logger';
import { IN_MEMORY, Store, StoreQueryError, type StatementEvent } from '../../src/store';
import { FixtureDir, openMemoryStore, SIMULATOR_HEADER } from './store-fixtures';

describe('Store.stream', () => {
  let store: Store;
  const events: StatementEvent[] = [];

  beforeEach(async () => {
    store = await Store.open({ path: IN_MEMORY, logger: silentLogger(), readConnections: 1 });
    store.onStatement((event) => events.push(event));
    events.length = 0;
  });
  afterEach(async () => {
    await store.close();
  });

  it('yields every row in order, in batches, with values converted at the boundary', async () => {
    const seen: { n: number; amount: string; day: string }[] = [];
    let batches = 0;
    for await (const batch of store.stream<{ n: number; amount: string; day: string }>(
      'numbered_rows',
      `SELECT i::BIGINT AS n, (i * 0.25)::DECIMAL(38,18) AS amount,
              DATE '2026-01-01' + (i % 3)::INTEGER AS day
         FROM range($count) t(i) ORDER BY i`,
      { count: 10_000 },
    )) {
      batches += 1;
      seen.push(...batch);
    }

    expect(seen).toHaveLength(10_000);
    expect(batches).toBeGreaterThan(1);
    expect(seen[0]).toEqual({ n: 0, amount: '0.000000000000000000', day: '2026-01-01' });
    expect(seen[9_999]).toEqual({ n: 9_999, amount: '2499.750000000000000000', day: '2026-01-01' });
    expect(seen.every((row, index) => row.n === index)).toBe(true);
    // The answer is written whole first (one version of every day), then read in batches.
    expect(events).toEqual([
      expect.objectContaining({ name: 'snapshot_numbered_rows', failed: false }),
      expect.objectContaining({ name: 'numbered_rows', rows: 10_000, failed: false }),
    ]);
  });

  it('stops fetching when the loop is broken off and reports only the rows yielded', async () => {
    let first: number | undefined;
    for await (const batch of store.stream<{ n: number }>(
      'many_rows',
      'SELECT i::BIGINT AS n FROM range(1000000) t(i)',
    )) {
      first = batch.length;
      break;
    }

    expect(first).toBeLessThan(1_000_000);
    expect(events.map((event) => [event.name, event.rows, event.failed])).toEqual([
      ['snapshot_many_rows', expect.any(Number), false],
      ['many_rows', first, false],
    ]);
  });

  it('leaves the read connections free while a stream is open', async () => {
    const stream = store.stream('open_stream', 'SELECT * FROM range(100000) t(i)');
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();

    // One read connection only: `all` would wait forever if the stream held it.
    const rows = await store.all<{ one: number }>('plain_read', 'SELECT 1 AS one');

    expect(rows).toEqual([{ one: 1 }]);
    await iterator.return(undefined);
  });

  it('wraps a failing statement in StoreQueryError naming it', async () => {
    const consume = async () => {
      for await (const _batch of store.stream('broken_read', 'SELECT * FROM no_such_table')) {
        // never reached
      }
    };

    await expect(consume()).rejects.toThrow(StoreQueryError);
    await expect(consume()).rejects.toThrow(/broken_read/);
  });

  it('fails a stream that close() interrupts instead of letting it end as if complete', async () => {
    const stream = store.stream('interrupted_read', 'SELECT i FROM range(5000000) t(i)');
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();

    const closing = store.close();
    const drain = async () => {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        // keep pulling until the interrupted statement gives up
      }
    };

    await expect(drain()).rejects.toThrow(/interrupted/);
    await closing;
  });

  it('refuses to start after close', async () => {
    await store.close();
    const iterator = store.stream('late_read', 'SELECT 1')[Symbol.asyncIterator]();

    await expect(iterator.next()).rejects.toThrow(/closed/);
  });
});

describe('Store.stream beside a day replacement', () => {
  const dir = new FixtureDir();
  let store: Store;
  const DAY = '2026-11-28';

  function dayLines(prefix: string, count: number): string[] {
    const lines = [SIMULATOR_HEADER];
    for (let i = 0; i < count; i++) lines.push(`${DAY},1,App,${prefix}${i},ad-${i},ios,US,1,1,0,0`);
    return lines;
  }

  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(() => store.close());
  afterAll(() => dir.cleanup());

  it('lets a replacement commit while a stream is half read, and goes on with the version it started on', async () => {
    await store.loadDay({ day: DAY, csvPath: dir.csv(dayLines('old', 20_000)), reportId: 'a' });
    const stream = store.stream<{ user_id: string }>(
      'day_users',
      `SELECT user_id FROM user_day WHERE report_day = $day::DATE ORDER BY user_id`,
      { day: DAY },
    );
    const iterator = stream[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as { user_id: string }[];
    const seen = [...first];

    // The stream is half read; the replacement does not wait for it to finish.
    await store.loadDay({ day: DAY, csvPath: dir.csv(dayLines('new', 15_000)), reportId: 'b' });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      seen.push(...next.value);
    }

    expect(seen.length).toBeGreaterThan(first.length);
    expect(seen).toHaveLength(20_000);
    expect(seen.every((row) => row.user_id.startsWith('old'))).toBe(true);
  });
});
