import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';

import {
  CsvDayMismatchError,
  CsvHeaderError,
  CsvMalformedError,
  CsvValueError,
  InvalidReportDayError,
  ReportFileError,
  ReportFileUnreadableError,
  type Store,
} from '../../src/store';
import { FixtureDir, openMemoryStore, SIMULATOR_HEADER } from './store-fixtures';

const DAY = '2026-11-28';
const good = (user: string) => `${DAY},1,App,${user},ad-${user},ios,US,0.5,3,1,0`;
const rows = (count: number) => Array.from({ length: count }, (_, i) => good(`u${i}`));

describe('Store.loadDay rejects', () => {
  const dir = new FixtureDir();
  let store: Store;

  beforeAll(async () => {
    store = await openMemoryStore();
  });
  afterAll(async () => {
    await store.close();
    dir.cleanup();
  });

  const load = (lines: string[], options?: { gzip?: boolean; noFinalNewline?: boolean }) =>
    store.loadDay({ day: DAY, csvPath: dir.csv(lines, options), reportId: null });

  async function rowCount(): Promise<number> {
    const [{ n }] = await store.all<{ n: number }>(
      'test_row_count',
      'SELECT count(*) AS n FROM user_day',
    );
    return n;
  }

  afterEach(async () => {
    // Nothing a rejected load did may remain.
    expect(await rowCount()).toBe(0);
    expect(await store.loadedDays()).toEqual([]);
  });

  it.each([
    ['revenue "abc"', `${DAY},1,App,u9,ad,ios,US,abc,3,1,0`, 'Revenue (USD)', 'abc'],
    ['an empty revenue', `${DAY},1,App,u9,ad,ios,US,,3,1,0`, 'Revenue (USD)', ''],
    ['impressions "1.5"', `${DAY},1,App,u9,ad,ios,US,0.5,1.5,1,0`, 'Impressions', '1.5'],
    ['negative clicks', `${DAY},1,App,u9,ad,ios,US,0.5,3,-1,0`, 'Clicks', '-1'],
    ['conversions "1e3"', `${DAY},1,App,u9,ad,ios,US,0.5,3,1,1e3`, 'Conversions', '1e3'],
    ['an unparsable date', `28/11/2026,1,App,u9,ad,ios,US,0.5,3,1,0`, 'Date', '28/11/2026'],
    ['an empty date', `,1,App,u9,ad,ios,US,0.5,3,1,0`, 'Date', ''],
  ])('%s, naming the column, the line and the value', async (_case, badLine, column, value) => {
    const attempt = load([SIMULATOR_HEADER, good('u1'), good('u2'), badLine, good('u3')]);
    await expect(attempt).rejects.toThrow(CsvValueError);
    await expect(attempt).rejects.toBeInstanceOf(ReportFileError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^Column "${column.replace(/[()]/g, '\\$&')}" on line 4 holds ${JSON.stringify(value)}; expected `,
      ),
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'CSV_VALUE_INVALID',
      context: { day: DAY, column, line: 4, value: value === '' ? null : value },
    });
  });

  it('the earliest bad line when several columns are bad', async () => {
    const attempt = load([
      SIMULATOR_HEADER,
      good('u1'),
      `${DAY},1,App,u2,ad,ios,US,0.5,x,1,0`,
      `${DAY},1,App,u3,ad,ios,US,y,3,1,0`,
    ]);
    await expect(attempt).rejects.toThrow('Column "Impressions" on line 3 holds "x"');
  });

  it('a row dated another day than the requested one', async () => {
    const attempt = load([SIMULATOR_HEADER, good('u1'), `2026-11-27,1,App,u2,ad,ios,US,0.5,3,1,0`]);
    await expect(attempt).rejects.toThrow(CsvDayMismatchError);
    await expect(attempt).rejects.toThrow(
      'Line 3 is dated "2026-11-27", but the file was loaded as report day 2026-11-28.',
    );
  });

  it('a row without user id and advertising id', async () => {
    const attempt = load(['User ID,Advertising ID,Revenue', 'u1,a1,1', ',,2']);
    await expect(attempt).rejects.toThrow(
      'Column "User ID" on line 3 holds ""; expected a user id or an advertising id.',
    );
  });

  it('a truncated last line', async () => {
    const attempt = load(
      [SIMULATOR_HEADER, good('u1'), good('u2'), `${DAY},1,App,u3,ad,ios,US,0.`],
      {
        noFinalNewline: true,
      },
    );
    await expect(attempt).rejects.toThrow(CsvMalformedError);
    await expect(attempt).rejects.toThrow(/line: 4 .*Expected Number of Columns: 11 Found: 8/i);
  });

  it('a gzip file cut in the middle of a line', async () => {
    const csvPath = dir.csv([SIMULATOR_HEADER, ...rows(2000)], { gzip: true });
    writeFileSync(csvPath, readFileSync(csvPath).subarray(0, 3000));
    const attempt = store.loadDay({ day: DAY, csvPath, reportId: null });
    await expect(attempt).rejects.toThrow(CsvMalformedError);
  });

  it('a gzip file cut at a line boundary, which DuckDB alone would read as complete', async () => {
    // A sync flush ends the deflate data at a byte boundary after whole lines; no gzip trailer.
    const gzip = createGzip();
    const chunks: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
    gzip.write([SIMULATOR_HEADER, ...rows(500), ''].join('\n'));
    await new Promise<void>((resolve) => gzip.flush(() => resolve()));
    gzip.destroy();
    const csvPath = join(dir.path, 'cut.csv.gz');
    writeFileSync(csvPath, Buffer.concat(chunks));

    const attempt = store.loadDay({ day: DAY, csvPath, reportId: null });
    await expect(attempt).rejects.toThrow(CsvMalformedError);
    await expect(attempt).rejects.toThrow(/gzip stream: unexpected end of file/);
  });

  it('a row with more fields than the header', async () => {
    const attempt = load(['User ID,Revenue', 'u1,1', 'u2,1,extra']);
    await expect(attempt).rejects.toThrow(CsvMalformedError);
  });

  it('an unterminated quote', async () => {
    const attempt = load(['User ID,App Name,Revenue', 'u1,"Puzzle, 1', 'u2,x,1']);
    await expect(attempt).rejects.toThrow(/unterminated quote/);
  });

  it('a header with a repeated column', async () => {
    const attempt = load(['User ID,Revenue,user id', 'u1,1,u1']);
    await expect(attempt).rejects.toThrow(CsvHeaderError);
    await expect(attempt).rejects.toThrow(/repeats a column: "User ID" and "user id"/);
  });

  it('a header without revenue, listing the columns found', async () => {
    const attempt = load(['Date,User ID,Impressions', `${DAY},u1,3`]);
    await expect(attempt).rejects.toThrow(
      'The header lacks revenue; columns found: "Date", "User ID", "Impressions".',
    );
  });

  it('an empty file', async () => {
    await expect(load([], { noFinalNewline: true })).rejects.toThrow(
      'The file is empty: it has no header row.',
    );
  });

  it('a file that does not exist', async () => {
    const attempt = store.loadDay({ day: DAY, csvPath: `${dir.path}/missing.csv`, reportId: null });
    await expect(attempt).rejects.toThrow(ReportFileUnreadableError);
    await expect(attempt).rejects.toMatchObject({ code: 'REPORT_FILE_UNREADABLE' });
  });

  it('a day that is not a calendar day', async () => {
    const csvPath = dir.csv(['User ID,Revenue', 'u1,1']);
    await expect(store.loadDay({ day: '2026-02-30', csvPath, reportId: null })).rejects.toThrow(
      InvalidReportDayError,
    );
  });
});
