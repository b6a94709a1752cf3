import { ExportFormat } from '../../src/segments/export-format';
import { countSegmentUsers, streamSegmentLines } from '../../src/segments/export-reader';
import type { Store } from '../../src/store';
import { splitCsv } from '../api/export-rig';
import { FixtureDir, openMemoryStore, SIMULATOR_HEADER } from '../store/store-fixtures';

const D1 = '2026-11-01';
const D2 = '2026-11-02';
const D3 = '2026-11-03';

/** Rows in the simulator's column order; quoted fields hold the CSV special characters. */
const FILES: Record<string, string[]> = {
  [D1]: [
    `${D1},100,Game,u1,A1,android,US,1.50,10,2,1`,
    `${D1},100,Game,"a,b",,ios,DE,2,5,0,0`,
    `${D1},100,Game,"say ""hi""",,ios,DE,0.75,1,0,0`,
    `${D1},100,Game,"line\nbreak",,ios,DE,0.5,1,0,0`,
    `${D1},200,Other,,AD-only,ios,FR,3.000,4,1,0`,
    `${D1},100,Game,u2,,android,US,1,1,0,0`,
    `${D1},100,Game,u0,,android,US,1,1,0,0`,
    `${D1},,,Aggregated Masked User Level Revenue,,,,5,0,0,0`,
  ],
  [D2]: [`${D2},200,Other,u1,A2,android,US,0.25,3,1,0`],
  [D3]: [`${D3},100,Game,u9,,android,US,100,50,5,1`],
};

/** What every line must say, computed by hand from FILES for days D1 and D2. */
const EXPECTED_CSV = [
  ['AD-only', 'AD-only', '3', '4', '1', '0', '1', D1, D1],
  ['a,b', '', '2', '5', '0', '0', '1', D1, D1],
  ['u1', 'A1;A2', '1.75', '13', '3', '1', '2', D1, D2],
  ['u0', '', '1', '1', '0', '0', '1', D1, D1],
  ['u2', '', '1', '1', '0', '0', '1', D1, D1],
  ['say "hi"', '', '0.75', '1', '0', '0', '1', D1, D1],
  ['line\nbreak', '', '0.5', '1', '0', '0', '1', D1, D1],
];

describe('segment export reader', () => {
  let store: Store;
  const fixtures = new FixtureDir();

  beforeAll(async () => {
    store = await openMemoryStore();
    for (const [day, rows] of Object.entries(FILES)) {
      const csvPath = fixtures.csv([SIMULATOR_HEADER, ...rows]);
      await store.loadDay({ day, csvPath, reportId: null });
    }
  });
  afterAll(async () => {
    await store.close();
    fixtures.cleanup();
  });

  async function lines(format: ExportFormat, filter = {}, days = [D1, D2]): Promise<string[]> {
    const all: string[] = [];
    for await (const batch of streamSegmentLines(store, { days, filter }, format)) {
      all.push(...batch);
    }
    return all;
  }

  it('writes RFC 4180 CSV lines, highest revenue first, ties by user id, masked row left out', async () => {
    const csv = (await lines(ExportFormat.CSV)).map((line) => `${line}\r\n`).join('');

    expect(splitCsv(csv)).toEqual(EXPECTED_CSV);
    expect(csv).toContain('"a,b",,2,');
    expect(csv).toContain('"say ""hi""",,0.75,');
  });

  it('writes one JSON object per line with the same values, revenue as exact text', async () => {
    const objects = (await lines(ExportFormat.NDJSON)).map((line) => JSON.parse(line));

    expect(objects).toEqual(
      EXPECTED_CSV.map(([userId, ids, revenue, impressions, clicks, conversions, days, f, l]) => ({
        userId,
        advertisingIds: ids === '' ? [] : ids.split(';'),
        revenueUsd: revenue,
        impressions: Number(impressions),
        clicks: Number(clicks),
        conversions: Number(conversions),
        activeDays: Number(days),
        firstSeen: f,
        lastSeen: l,
      })),
    );
  });

  it('reads only the days it is given', async () => {
    const withD3 = await lines(ExportFormat.CSV, {}, [D1, D2, D3]);
    const onlyD2 = await lines(ExportFormat.CSV, {}, [D2]);

    expect(withD3[0]).toBe(`u9,,100,50,5,1,1,${D3},${D3}`);
    expect(onlyD2).toEqual([`u1,A2,0.25,3,1,0,1,${D2},${D2}`]);
  });

  it('applies the filter to rows and totals, and counts exactly the users it lists', async () => {
    const filter = { appIds: ['100'], minRevenue: 1 };
    const listed = await lines(ExportFormat.CSV, filter);

    expect(listed.map((line) => splitCsv(line)[0][0])).toEqual(['a,b', 'u1', 'u0', 'u2']);
    expect(listed[1]).toBe(`u1,A1,1.5,10,2,1,1,${D1},${D1}`);
    expect(await countSegmentUsers(store, { days: [D1, D2], filter })).toBe(4);
    expect(await countSegmentUsers(store, { days: [D1, D2], filter: {} })).toBe(7);
  });

  it('lists and counts nobody without days', async () => {
    expect(await lines(ExportFormat.NDJSON, {}, [])).toEqual([]);
    expect(await countSegmentUsers(store, { days: [], filter: {} })).toBe(0);
  });
});
