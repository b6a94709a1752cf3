import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';

import {
  dayCsv,
  InvalidSimulatorOptionsError,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator';
import { writeWholeFile } from '../../src/simulator/file-cache';
import { collect, download, downloadUntilCut, reportUrl, startTestSimulator } from './helpers';
import { until } from '../support/until';

const DAY = '2026-03-09';
const expectedFile = () => collect(dayCsv({ users: 300, seed: 1 }, DAY));

describe('simulator file cache (fileCacheDir)', () => {
  let dir: string;
  const running: RunningSimulator[] = [];

  const start = async (options: SimulatorOptions = {}) => {
    const sim = await startTestSimulator({ fileCacheDir: dir, ...options });
    running.push(sim);
    return sim;
  };
  const entries = async () => (await readdir(dir)).sort();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simulator-cache-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the bytes a simulator without a cache serves, with a Content-Length', async () => {
    const plain = await start({ fileCacheDir: undefined });
    const cached = await start();

    const reference = await download(await reportUrl(plain, DAY));
    const served = await download(await reportUrl(cached, DAY));

    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(served.bytes.equals(reference.bytes)).toBe(true);
    expect(served.bytes.equals(expectedFile())).toBe(true);
    expect(served.headers['content-length']).toBe(String(served.bytes.length));
    expect(reference.headers['transfer-encoding']).toBe('chunked');
  });

  it('serves the same gzip file as a simulator without a cache', async () => {
    const plain = await start({ fileCacheDir: undefined, gzip: true });
    const cached = await start({ gzip: true });

    const reference = await download(await reportUrl(plain, DAY));
    const served = await download(await reportUrl(cached, DAY));

    expect(served.headers['content-type']).toBe('application/gzip');
    expect(served.bytes.equals(reference.bytes)).toBe(true);
    expect(gunzipSync(served.bytes).equals(expectedFile())).toBe(true);
    expect(await entries()).toEqual([expect.stringMatching(new RegExp(`^${DAY}-.*\\.csv\\.gz$`))]);
  });

  it('renders a day once and serves later downloads from the file on disk', async () => {
    const sim = await start();

    const first = await download(await reportUrl(sim, DAY));
    const [name] = await entries();
    const before = await stat(join(dir, name));
    const second = await download(await reportUrl(sim, DAY));
    const after = await stat(join(dir, name));

    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(sim.counters.filesRendered).toBe(1);
    expect(await entries()).toEqual([name]);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('serves a file another simulator of the same population rendered, without rendering', async () => {
    const first = await start();
    await download(await reportUrl(first, DAY));
    const second = await start();
    const other = await start({ seed: 2 });

    const served = await download(await reportUrl(second, DAY));
    await download(await reportUrl(other, DAY));

    expect(served.bytes.equals(expectedFile())).toBe(true);
    expect(second.counters.filesRendered).toBe(0);
    // Another seed is another file.
    expect(other.counters.filesRendered).toBe(1);
    expect(await entries()).toHaveLength(2);
  });

  it('renders the file when the report is requested, while the URL still answers not ready', async () => {
    const sim = await start({ readyAfterMs: 60_000 });

    const url = await reportUrl(sim, DAY);
    const deadline = Date.now() + 5_000;
    while (sim.counters.filesRendered === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(sim.counters.filesRendered).toBe(1);
    expect((await download(url)).status).toBe(404);
    const [name] = await entries();
    expect((await readFile(join(dir, name))).equals(expectedFile())).toBe(true);
  });

  describe('with faults', () => {
    // Each fault is run on a simulator with a cache and on one without: same bytes, same tallies.
    const contentFaults: [string, (sim: RunningSimulator) => void][] = [
      ['truncated', (sim) => (sim.faults.truncatedDownloads = 1)],
      ['malformed', (sim) => (sim.faults.malformedDownloads = 1)],
      ['missing-column', (sim) => (sim.faults.missingColumnDownloads = 1)],
    ];

    it.each(contentFaults)(
      'serves a %s file as without a cache and keeps the cached file whole',
      async (_name, setFault) => {
        const plain = await start({ fileCacheDir: undefined });
        const cached = await start();
        setFault(plain);
        setFault(cached);

        const reference = await download(await reportUrl(plain, DAY));
        const faulted = await download(await reportUrl(cached, DAY));
        const clean = await download(await reportUrl(cached, DAY));

        expect(faulted.bytes.equals(reference.bytes)).toBe(true);
        expect(faulted.bytes.equals(expectedFile())).toBe(false);
        expect(clean.bytes.equals(expectedFile())).toBe(true);
        const names = await entries();
        expect(names).toHaveLength(1);
        expect((await readFile(join(dir, names[0]))).equals(expectedFile())).toBe(true);
        expect(cached.counters.filesRendered).toBe(1);
        await download(await reportUrl(plain, DAY));
        expect(tallies(cached)).toEqual(tallies(plain));
      },
    );

    it('resets a download of a cached file after resetAfterBytes, and keeps the file whole', async () => {
      const sim = await start();
      sim.faults.resetDownloads = 1;
      sim.faults.resetAfterBytes = 500;

      const cut = await downloadUntilCut(await reportUrl(sim, DAY));

      expect(cut).toMatchObject({ status: 200, received: 500, failure: { code: 'ECONNRESET' } });
      expect(sim.counters).toMatchObject({ downloadsStarted: 1, downloadsCompleted: 0 });
      const [name] = await entries();
      expect((await readFile(join(dir, name))).equals(expectedFile())).toBe(true);
      expect((await download(await reportUrl(sim, DAY))).bytes.equals(expectedFile())).toBe(true);
      // The server counts a download complete once its response has finished, which can be
      // just after the client has read the last byte.
      await until(() => sim.counters.downloadsCompleted === 1);
      expect(sim.counters).toMatchObject({ downloadsStarted: 2, downloadsCompleted: 1 });
    });
  });

  it('leaves no file behind when it closes during a render', async () => {
    // About 400,000 rows: far longer to render than the close takes.
    const sim = await startSimulator({ users: 1_000_000, readyAfterMs: 60_000, fileCacheDir: dir });
    sim.clock.set('2026-03-10T13:00:00.000Z');
    await reportUrl(sim, DAY);
    await sim.close();

    expect(sim.counters.filesRendered).toBe(0);
    expect(await entries()).toEqual([]);
  });

  it('ignores the temporary file of a render that died, and renders the day whole', async () => {
    const first = await start();
    await download(await reportUrl(first, DAY));
    const [name] = await entries();
    const whole = await readFile(join(dir, name));
    await rm(join(dir, name));
    // What a process killed mid-render leaves: half a file under a temporary name.
    const partial = `${name}.4194305-0123456789ab.tmp`;
    await writeFile(join(dir, partial), whole.subarray(0, whole.length >> 1));

    const second = await start();
    const served = await download(await reportUrl(second, DAY));

    expect(served.bytes.equals(expectedFile())).toBe(true);
    expect(second.counters.filesRendered).toBe(1);
    expect(await entries()).toEqual([name, partial]);
  });

  it('rejects an empty fileCacheDir', async () => {
    await expect(startSimulator({ fileCacheDir: ' ' })).rejects.toThrow(
      InvalidSimulatorOptionsError,
    );
  });
});

describe('writeWholeFile', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simulator-write-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the file under its name only once every byte is written', async () => {
    const path = join(dir, 'day.csv');
    const seenMidway: boolean[] = [];
    function* chunks() {
      for (let i = 0; i < 4; i += 1) {
        seenMidway.push(existsSync(path));
        yield Buffer.alloc(100_000, 97 + i);
      }
    }

    const bytes = await writeWholeFile(path, [Readable.from(chunks())]);

    expect(seenMidway).toEqual([false, false, false, false]);
    expect(bytes).toBe(400_000);
    expect((await stat(path)).size).toBe(400_000);
    expect(await readdir(dir)).toEqual(['day.csv']);
  });

  it('leaves neither the file nor its temporary file when the render fails midway', async () => {
    function* failing() {
      yield Buffer.alloc(100_000, 97);
      yield Buffer.alloc(100_000, 98);
      throw new Error('render died');
    }

    await expect(writeWholeFile(join(dir, 'day.csv'), [Readable.from(failing())])).rejects.toThrow(
      'render died',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves nothing when aborted midway', async () => {
    const aborter = new AbortController();
    function* slow() {
      yield Buffer.alloc(100_000, 97);
      aborter.abort();
      yield Buffer.alloc(100_000, 98);
    }

    await expect(
      writeWholeFile(join(dir, 'day.csv'), [Readable.from(slow())], aborter.signal),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(dir)).toEqual([]);
  });
});

/** The counters a client's requests move: everything but the cache's own renders. */
function tallies(sim: RunningSimulator) {
  const c = sim.counters;
  return {
    tokenRequests: c.tokenRequests,
    reportRequests: c.reportRequests,
    reportsCreated: c.reportsCreated,
    downloadRequests: c.downloadRequests,
    notReadyAnswers: c.notReadyAnswers,
    downloadsStarted: c.downloadsStarted,
    downloadsCompleted: c.downloadsCompleted,
    day: c.forDay(DAY),
  };
}
