import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { UpstreamDownloadError, type UpstreamErrorContext } from './errors';
import { describeNetworkError } from './upstream-call';

/** A report file as stored: where, how big, its checksum and whether it is compressed. */
export interface StoredReportFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly gzip: boolean;
}

export interface ReportFileTarget {
  readonly directory: string;
  /** The file name without extension; `.csv` or `.csv.gz` is added after the content. */
  readonly baseName: string;
  /** The announced Content-Length, if any; a body of another length is a failed download. */
  readonly expectedBytes?: number;
  readonly signal?: AbortSignal;
  readonly context: UpstreamErrorContext;
}

/**
 * Streams a response body to `<baseName>.<random>.part` in the target directory, hashing and
 * counting it on the way, then fsyncs it and renames it to `<baseName>.csv`, or `.csv.gz` when
 * the first two bytes are gzip's magic number (1f 8b), so that DuckDB decompresses it on read.
 * The body is never held whole in memory.
 *
 * Returns undefined for an empty body (the vendor's way of saying "not ready"). On any failure
 * (connection reset, body shorter than announced, disk error) the part file is removed and an
 * `UpstreamDownloadError` is thrown; an abort by `signal` rethrows the signal's reason.
 */
export async function writeReportFile(
  body: Readable,
  target: ReportFileTarget,
): Promise<StoredReportFile | undefined> {
  const suffix = randomBytes(4).toString('hex');
  const partPath = path.join(target.directory, `${target.baseName}.${suffix}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (head.length < 2) head = Buffer.concat([head, chunk.subarray(0, 2 - head.length)]);
      done(null, chunk);
    },
  });

  // 1. Stream into the part file; `flush` fsyncs it before the stream closes.
  try {
    await pipeline(body, meter, createWriteStream(partPath, { flags: 'wx', flush: true }), {
      signal: target.signal,
    });
    if (target.expectedBytes !== undefined && bytes !== target.expectedBytes) {
      throw new UpstreamDownloadError(
        `Upstream download for day ${target.context.day} ended after ${bytes} bytes; Content-Length announced ${target.expectedBytes}.`,
        target.context,
      );
    }
  } catch (error) {
    await rm(partPath, { force: true });
    if (target.signal?.aborted) throw target.signal.reason;
    if (error instanceof UpstreamDownloadError) throw error;
    throw storageFailure(target, 'failed while streaming', error);
  }

  if (bytes === 0) {
    await rm(partPath, { force: true });
    return undefined;
  }

  // 2. Publish under the final name; renaming within one directory is atomic.
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const finalPath = path.join(target.directory, `${target.baseName}${gzip ? '.csv.gz' : '.csv'}`);
  try {
    await rename(partPath, finalPath);
    await syncDirectory(target.directory);
  } catch (error) {
    await rm(partPath, { force: true });
    throw storageFailure(target, 'failed while moving the file into place', error);
  }
  return { path: finalPath, bytes, sha256: hash.digest('hex'), gzip };
}

/** Makes the rename itself durable: the directory entry is flushed like the file was. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function storageFailure(
  target: ReportFileTarget,
  what: string,
  cause: unknown,
): UpstreamDownloadError {
  return new UpstreamDownloadError(
    `Upstream download for day ${target.context.day} ${what} to ${target.directory} (${describeNetworkError(cause)}); no partial file was kept.`,
    target.context,
    cause,
  );
}
