import { gunzipSync } from 'node:zlib';

import { dayCsv, type RunningSimulator } from '../../src/simulator';
import { collect, download, downloadUntilCut, reportUrl, startTestSimulator } from './helpers';
import { until } from '../support/until';

const DAY = '2026-03-09';
const expectedFile = () => collect(dayCsv({ users: 300, seed: 1 }, DAY));

describe('GET /files/<id>.csv', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startTestSimulator();
  });
  afterEach(() => sim.close());

  it('serves the day file without Authorization, byte for byte as dayCsv generates it', async () => {
    const file = await download(await reportUrl(sim, DAY));

    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.bytes.equals(expectedFile())).toBe(true);
    // Counted once the response has finished, which can be just after the client has it all.
    await until(() => sim.counters.downloadsCompleted === 1);
    expect(sim.counters).toMatchObject({ downloadsStarted: 1, downloadsCompleted: 1 });
    expect(sim.counters.forDay(DAY)).toEqual({
      reportRequests: 1,
      reportsCreated: 1,
      downloadsStarted: 1,
      downloadsCompleted: 1,
    });
  });

  it('answers 404 until the file is ready, then serves it', async () => {
    const slow = await startTestSimulator({ readyAfterMs: 300 });
    try {
      const url = await reportUrl(slow, DAY);
      const early = await download(url);
      await new Promise((resolve) => setTimeout(resolve, 350));
      const ready = await download(url);

      expect(early.status).toBe(404);
      expect(JSON.parse(early.bytes.toString()).error).toBe('not_ready');
      expect(ready.status).toBe(200);
      expect(slow.counters.notReadyAnswers).toBe(1);
      expect(slow.counters.downloadRequests).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('answers a not-ready file with 403 or an empty 200 when configured', async () => {
    const forbidding = await startTestSimulator({ readyAfterMs: 60_000, notReadyAnswer: 403 });
    const empty = await startTestSimulator({ readyAfterMs: 60_000, notReadyAnswer: 'empty-200' });
    try {
      const refused = await download(await reportUrl(forbidding, DAY));
      const blank = await download(await reportUrl(empty, DAY));

      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.bytes.toString()).error).toBe('not_ready');
      expect(blank.status).toBe(200);
      expect(blank.bytes).toHaveLength(0);
    } finally {
      await Promise.all([forbidding.close(), empty.close()]);
    }
  });

  it('answers 403 once 3 hours have passed since the report request', async () => {
    const url = await reportUrl(sim, DAY);
    sim.clock.advance(3 * 3_600_000 - 1);
    const lastMoment = await download(url);
    sim.clock.advance(1);
    const expired = await download(url);

    expect(lastMoment.status).toBe(200);
    expect(expired.status).toBe(403);
    expect(JSON.parse(expired.bytes.toString())).toEqual({
      error: 'expired',
      message: expect.stringContaining('request the report again'),
    });
    expect(sim.counters.expiredAnswers).toBe(1);
  });

  it('follows a configured URL lifetime', async () => {
    const brief = await startTestSimulator({ urlTtlMs: 60_000 });
    try {
      const url = await reportUrl(brief, DAY);
      brief.clock.advance(60_000);
      expect((await download(url)).status).toBe(403);
    } finally {
      await brief.close();
    }
  });

  it('answers 403 to a tampered signature and 404 to an unknown file', async () => {
    const url = new URL(await reportUrl(sim, DAY));
    const tampered = new URL(url);
    const sig = url.searchParams.get('sig') ?? '';
    tampered.searchParams.set('sig', `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`);
    const unknown = new URL(url);
    unknown.pathname = '/files/00000000-0000-4000-8000-000000000000.csv';

    expect((await download(tampered.toString())).status).toBe(403);
    expect((await download(unknown.toString())).status).toBe(404);
  });

  it('serves a gzip file named .csv.gz whose content is the day file', async () => {
    const zipped = await startTestSimulator({ gzip: true });
    try {
      const url = await reportUrl(zipped, DAY);
      const file = await download(url);

      expect(new URL(url).pathname).toMatch(/\.csv\.gz$/);
      expect(file.headers['content-type']).toBe('application/gzip');
      expect(file.headers['content-encoding']).toBeUndefined();
      expect(file.bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(gunzipSync(file.bytes).equals(expectedFile())).toBe(true);
    } finally {
      await zipped.close();
    }
  });

  describe('faults', () => {
    it('keeps the files of the next n reports not ready, then behaves', async () => {
      sim.faults.neverReadyReports = 1;
      const stuck = await download(await reportUrl(sim, DAY));
      const fine = await download(await reportUrl(sim, DAY));
      expect([stuck.status, fine.status]).toEqual([404, 200]);
    });

    it('delays the files of the next n reports by slowReadyMs', async () => {
      sim.faults.slowReports = 1;
      sim.faults.slowReadyMs = 200;
      const url = await reportUrl(sim, DAY);
      const early = await download(url);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect([early.status, (await download(url)).status]).toEqual([404, 200]);
    });

    it('resets the connection after resetAfterBytes of body', async () => {
      sim.faults.resetDownloads = 1;
      sim.faults.resetAfterBytes = 500;
      const url = await reportUrl(sim, DAY);

      const cut = await downloadUntilCut(url);

      expect(cut).toMatchObject({ status: 200, received: 500, failure: { code: 'ECONNRESET' } });
      expect(sim.counters.downloadsCompleted).toBe(0);
      expect((await download(url)).bytes.equals(expectedFile())).toBe(true);
    });

    it('ends a truncated file halfway through a line, without a transport error', async () => {
      sim.faults.truncatedDownloads = 1;
      sim.faults.truncateAfterRows = 4;
      const file = await download(await reportUrl(sim, DAY));

      const text = file.bytes.toString();
      const lines = text.split('\n');
      expect(file.status).toBe(200);
      expect(text.endsWith('\n')).toBe(false);
      // Header and four whole rows, then a partial fifth row.
      expect(lines).toHaveLength(6);
      expect(expectedFile().toString().split('\n')[5].startsWith(lines[5])).toBe(true);
      expect(lines[5].split(',').length).toBeLessThan(11);
    });

    it('writes n/a as the revenue of one row in a malformed file', async () => {
      sim.faults.malformedDownloads = 1;
      const text = (await download(await reportUrl(sim, DAY))).bytes.toString();

      const revenues = text
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[7]);
      expect(revenues.filter((revenue) => revenue === 'n/a')).toHaveLength(1);
      expect(revenues.filter((revenue) => Number.isNaN(Number(revenue)))).toHaveLength(1);
    });

    it('drops the configured column from header and rows', async () => {
      sim.faults.missingColumnDownloads = 1;
      sim.faults.missingColumn = 'Revenue (USD)';
      const text = (await download(await reportUrl(sim, DAY))).bytes.toString();

      const [header, firstRow] = text.split('\n');
      expect(header).toBe(
        'Date,App ID,App Name,User ID,Advertising ID,Device OS,Country,Impressions,Clicks,Conversions',
      );
      expect(firstRow.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)).toHaveLength(10);
    });
  });
});
