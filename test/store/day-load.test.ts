import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';

import pino from 'pino';

import { IN_MEMORY, Store } from '../../src/store';
import { exactDecimalSum, FixtureDir, openMemoryStore, SIMULATOR_HEADER } from './store-fixtures';

const DAY = '2026-11-28';

/** Revenue values as a float-printing vendor writes them, all at most 18 fractional digits. */
function floatRevenues(count: number): string[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, () => String(0.01 + next() * 3));
}

describe('Store.loadDay', () => {
  const dir = new FixtureDir();
  let store: Store;

  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(() => store.close());
  afterAll(() => dir.cleanup());

  it('records an exact revenue total equal to the decimal sum of the file', async () => {
    const revenues = ['0.036300000000000006', '0.1', '0.2', ...floatRevenues(500)];
    const lines = revenues.map(
      (revenue, i) => `${DAY},12,App,user-${i % 97},ad-${i},android,US,${revenue},1,0,0`,
    );
    const csvPath = dir.csv([SIMULATOR_HEADER, ...lines]);
    const expected = exactDecimalSum(revenues);

    const load = await store.loadDay({ day: DAY, csvPath, reportId: 'rep-1' });

    expect(load.revenueTotal).toBe(expected);
    expect(load.rows).toBe(revenues.length);
    expect((await store.dayEntry(DAY))?.revenueTotal).toBe(expected);
    const [{ total }] = await store.all<{ total: string }>(
      'test_day_revenue',
      'SELECT sum(revenue) AS total FROM user_day WHERE report_day = $day::DATE',
      { day: DAY },
    );
    expect(total).toBe(expected);
  });

  it('keeps each revenue value digit for digit', async () => {
    const csvPath = dir.csv([
      'User ID,Revenue (USD)',
      'a,0.036300000000000006',
      'b,-0.5',
      'c,12345678901234567890.123456789012345678',
    ]);
    await store.loadDay({ day: DAY, csvPath, reportId: null });
    const rows = await store.all<{ user_id: string; revenue: string }>(
      'test_revenues',
      'SELECT user_id, revenue FROM user_day ORDER BY user_id',
    );
    expect(rows).toEqual([
      { user_id: 'a', revenue: '0.036300000000000006' },
      { user_id: 'b', revenue: '-0.500000000000000000' },
      { user_id: 'c', revenue: '12345678901234567890.123456789012345678' },
    ]);
  });

  it('rounds revenue beyond 18 fractional digits to the nearest 10^-18', async () => {
    const csvPath = dir.csv([
      'User ID,Revenue',
      'a,1.2345678901234567e-05',
      'b,0.0000000000000000015',
    ]);
    const load = await store.loadDay({ day: DAY, csvPath, reportId: null });
    const rows = await store.all<{ revenue: string }>(
      'test_rounded_revenues',
      'SELECT revenue FROM user_day ORDER BY user_id',
    );
    expect(rows.map((r) => r.revenue)).toEqual(['0.000012345678901235', '0.000000000000000002']);
    expect(load.revenueTotal).toBe('0.000012345678901237');
  });

  it('stores every field of the simulator header and keeps leading zeros', async () => {
    const csvPath = dir.csv([
      SIMULATOR_HEADER,
      `${DAY},00123,"Puzzle, Deluxe",000042,0000aaaa-0000-4000-8000-000000000001,ios,DE,0.5,10,2,1`,
    ]);
    await store.loadDay({ day: DAY, csvPath, reportId: 'r' });
    const rows = await store.all('test_full_row', 'SELECT * FROM user_day');
    expect(rows).toEqual([
      {
        report_day: DAY,
        app_id: '00123',
        app_name: 'Puzzle, Deluxe',
        user_id: '000042',
        advertising_id: '0000aaaa-0000-4000-8000-000000000001',
        device_os: 'ios',
        country: 'DE',
        revenue: '0.500000000000000000',
        impressions: 10,
        clicks: 2,
        conversions: 1,
        is_masked: false,
        is_sole_row: true,
      },
    ]);
  });

  it("marks a user's only row of the day, whatever the app, and only that", async () => {
    const csvPath = dir.csv([
      'User ID,App ID,Country,Revenue',
      'two-apps,a1,US,1',
      'one-row,a1,US,1',
      'two-apps,a2,US,1',
      'two-countries,a1,US,1',
      'two-countries,a1,DE,1',
    ]);
    await store.loadDay({ day: DAY, csvPath, reportId: null });
    const rows = await store.all<{ user_id: string; is_sole_row: boolean }>(
      'test_sole_rows',
      'SELECT user_id, bool_and(is_sole_row) AS is_sole_row FROM user_day GROUP BY ALL ORDER BY ALL',
    );
    expect(rows).toEqual([
      { user_id: 'one-row', is_sole_row: true },
      { user_id: 'two-apps', is_sole_row: false },
      { user_id: 'two-countries', is_sole_row: false },
    ]);
  });

  it('flags the masked row in any case and only that row', async () => {
    const csvPath = dir.csv([
      'User ID,Revenue',
      'AGGREGATED MASKED USER LEVEL REVENUE,3.25',
      'u1,1',
      'aggregated masked user level revenue x,1',
    ]);
    await store.loadDay({ day: DAY, csvPath, reportId: null });
    const rows = await store.all<{ user_id: string; is_masked: boolean }>(
      'test_masked',
      'SELECT user_id, is_masked FROM user_day ORDER BY user_id',
    );
    expect(rows).toEqual([
      { user_id: 'AGGREGATED MASKED USER LEVEL REVENUE', is_masked: true },
      { user_id: 'aggregated masked user level revenue x', is_masked: false },
      { user_id: 'u1', is_masked: false },
    ]);
  });

  it('uses the advertising id as user id when a row has no user id', async () => {
    const csvPath = dir.csv([
      'User ID,Advertising ID,Revenue',
      ',ad-9,1',
      '"",ad-8,1',
      'u-7,ad-7,1',
    ]);
    await store.loadDay({ day: DAY, csvPath, reportId: null });
    const rows = await store.all(
      'test_ids',
      'SELECT user_id, advertising_id FROM user_day ORDER BY user_id',
    );
    expect(rows).toEqual([
      { user_id: 'ad-8', advertising_id: 'ad-8' },
      { user_id: 'ad-9', advertising_id: 'ad-9' },
      { user_id: 'u-7', advertising_id: 'ad-7' },
    ]);
  });

  it('maps headers in another case and order, and counts absent metrics as 0', async () => {
    const csvPath = dir.csv([
      'country,REVENUE_USD,platform,idfa,fyber_app_id,CLICKS',
      'FR,2.5,ios,idfa-1,77,',
      'FR,1.5,ios,idfa-2,77,4',
    ]);
    const load = await store.loadDay({ day: DAY, csvPath, reportId: null });
    expect(load.unknownColumns).toEqual([]);
    const rows = await store.all(
      'test_mapped',
      `SELECT user_id, app_id, device_os, country, revenue, impressions, clicks, conversions
        FROM user_day ORDER BY user_id`,
    );
    expect(rows).toEqual([
      {
        user_id: 'idfa-1',
        app_id: '77',
        device_os: 'ios',
        country: 'FR',
        revenue: '2.500000000000000000',
        impressions: 0,
        clicks: 0,
        conversions: 0,
      },
      {
        user_id: 'idfa-2',
        app_id: '77',
        device_os: 'ios',
        country: 'FR',
        revenue: '1.500000000000000000',
        impressions: 0,
        clicks: 4,
        conversions: 0,
      },
    ]);
  });

  it('loads a gzip file', async () => {
    const csvPath = dir.csv([SIMULATOR_HEADER, `${DAY},1,A,u1,a1,android,US,0.25,1,1,1`], {
      gzip: true,
    });
    const load = await store.loadDay({ day: DAY, csvPath, reportId: null });
    expect(load).toMatchObject({ rows: 1, revenueTotal: '0.250000000000000000' });
    expect(load.bytes).toBe(readFileSync(csvPath).length);
  });

  it('treats a file holding only the header as a day without rows', async () => {
    const csvPath = dir.csv([SIMULATOR_HEADER], { noFinalNewline: true });
    const load = await store.loadDay({ day: DAY, csvPath, reportId: 'empty' });
    expect(load).toMatchObject({ rows: 0, revenueTotal: '0.000000000000000000' });
    expect(await store.dayEntry(DAY)).toMatchObject({ day: DAY, rows: 0, reportId: 'empty' });
  });

  it('reports unknown columns once, ignores their values and keeps them in the catalogue', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logged = await Store.open({ path: IN_MEMORY, logger: pino({ level: 'warn' }, sink) });
    const csvPath = dir.csv([
      'User ID,Ad Network,Revenue,Placement',
      'u1,"net, inc",1,top',
      'u2,x,2,y',
    ]);
    try {
      const load = await logged.loadDay({ day: DAY, csvPath, reportId: null });
      expect(load.unknownColumns).toEqual(['Ad Network', 'Placement']);
      expect((await logged.dayEntry(DAY))?.unknownColumns).toEqual(['Ad Network', 'Placement']);
    } finally {
      await logged.close();
    }
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        module: 'store',
        day: DAY,
        unknownColumns: ['Ad Network', 'Placement'],
        msg: 'ignored unknown columns',
      }),
    ]);
  });

  it('accepts a date column that matches the requested day, in date or timestamp form', async () => {
    const csvPath = dir.csv(['Date,User ID,Revenue', `${DAY},u1,1`, `${DAY} 00:00:00,u2,1`]);
    await expect(store.loadDay({ day: DAY, csvPath, reportId: null })).resolves.toMatchObject({
      rows: 2,
    });
  });

  it('records the catalogue entry with checksum, size and report id', async () => {
    const csvPath = dir.csv([SIMULATOR_HEADER, `${DAY},1,A,u1,a1,android,US,0.25,1,1,1`]);
    const content = readFileSync(csvPath);
    const before = Date.now();
    const load = await store.loadDay({ day: DAY, csvPath, reportId: 'rep-42' });
    const entry = await store.dayEntry(DAY);

    expect(entry).toEqual({
      day: DAY,
      rows: 1,
      revenueTotal: '0.250000000000000000',
      loadedAt: expect.any(String),
      reportId: 'rep-42',
      checksum: createHash('sha256').update(content).digest('hex'),
      bytes: content.length,
      unknownColumns: [],
    });
    expect(Date.parse(entry!.loadedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(load.checksum).toBe(entry!.checksum);
  });

  it('keeps a checksum the caller computed instead of hashing again', async () => {
    const csvPath = dir.csv(['User ID,Revenue', 'u,1']);
    const load = await store.loadDay({ day: DAY, csvPath, reportId: null, checksum: 'ABC123' });
    expect(load.checksum).toBe('abc123');
    expect((await store.dayEntry(DAY))?.checksum).toBe('abc123');
  });

  it('lists loaded days oldest first within an inclusive range', async () => {
    for (const day of ['2026-11-27', '2026-11-25', '2026-11-26']) {
      await store.loadDay({ day, csvPath: dir.csv(['User ID,Revenue', 'u,1']), reportId: day });
    }
    expect((await store.loadedDays()).map((d) => d.day)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    expect((await store.loadedDays({ from: '2026-11-26' })).map((d) => d.day)).toEqual([
      '2026-11-26',
      '2026-11-27',
    ]);
    expect(
      (await store.loadedDays({ from: '2026-11-25', to: '2026-11-26' })).map((d) => d.reportId),
    ).toEqual(['2026-11-25', '2026-11-26']);
    expect(await store.dayEntry('2026-11-24')).toBeNull();
  });

  it('inserts the rows of a day sorted by user id', async () => {
    const csvPath = dir.csv(['User ID,Revenue', 'c,1', 'a,1', 'b,1']);
    await store.loadDay({ day: DAY, csvPath, reportId: null });
    const rows = await store.all<{ user_id: string }>(
      'test_physical_order',
      'SELECT user_id FROM user_day ORDER BY rowid',
    );
    expect(rows.map((r) => r.user_id)).toEqual(['a', 'b', 'c']);
  });
});
