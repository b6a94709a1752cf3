import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import { UpstreamDownloadError } from '../../src/upstream';
import { writeReportFile } from '../../src/upstream/report-file';

const context = { step: 'download' as const, day: '2026-11-20', reportId: 'r-1' };
const csv = 'Date,User ID,Revenue (USD)\n2026-11-20,000123,0.5\n2026-11-20,000124,1.25\n';

describe('writeReportFile', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'ltv-report-file-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const sha256 = (bytes: Buffer | string): string =>
    createHash('sha256').update(bytes).digest('hex');

  it('stores a plain body as .csv with its size and sha256', async () => {
    const body = Readable.from([Buffer.from(csv.slice(0, 10)), Buffer.from(csv.slice(10))]);

    const file = await writeReportFile(body, { directory, baseName: 'report-a', context });

    expect(file).toEqual({
      path: path.join(directory, 'report-a.csv'),
      bytes: Buffer.byteLength(csv),
      sha256: sha256(csv),
      gzip: false,
    });
    expect(await readFile(file!.path, 'utf8')).toBe(csv);
    expect(await readdir(directory)).toEqual(['report-a.csv']);
  });

  it('names a gzip body .csv.gz, even when the magic bytes arrive in separate chunks', async () => {
    const compressed = gzipSync(csv);
    const chunks = [compressed.subarray(0, 1), compressed.subarray(1, 5), compressed.subarray(5)];

    const file = await writeReportFile(Readable.from(chunks), {
      directory,
      baseName: 'report-b',
      context,
    });

    expect(file?.gzip).toBe(true);
    expect(file?.path).toBe(path.join(directory, 'report-b.csv.gz'));
    expect(file?.sha256).toBe(sha256(compressed));
  });

  it('returns undefined for an empty body and leaves no file', async () => {
    const file = await writeReportFile(Readable.from([]), { directory, baseName: 'e', context });
    expect(file).toBeUndefined();
    expect(await readdir(directory)).toEqual([]);
  });

  it('fails a body shorter than announced and removes the part file', async () => {
    const body = Readable.from([Buffer.from(csv)]);
    const writing = writeReportFile(body, {
      directory,
      baseName: 'short',
      expectedBytes: Buffer.byteLength(csv) + 10,
      context,
    });

    await expect(writing).rejects.toBeInstanceOf(UpstreamDownloadError);
    await expect(writing).rejects.toThrow(/ended after \d+ bytes; Content-Length announced \d+/);
    expect(await readdir(directory)).toEqual([]);
  });

  it('fails a body that breaks off mid-stream and removes the part file', async () => {
    async function* brokenBody(): AsyncGenerator<Buffer> {
      yield Buffer.from(csv);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }

    const writing = writeReportFile(Readable.from(brokenBody()), {
      directory,
      baseName: 'broken',
      context,
    });

    await expect(writing).rejects.toMatchObject({
      code: 'UPSTREAM_DOWNLOAD_FAILED',
      retryable: true,
      context: { step: 'download', day: '2026-11-20' },
    });
    await expect(writing).rejects.toThrow(/ECONNRESET/);
    expect(await readdir(directory)).toEqual([]);
  });

  it('fails with a download error when the directory does not exist', async () => {
    const missing = path.join(directory, 'missing');
    const writing = writeReportFile(Readable.from([Buffer.from(csv)]), {
      directory: missing,
      baseName: 'x',
      context,
    });
    await expect(writing).rejects.toThrow(/failed while streaming to .* \(ENOENT\)/);
  });
});
