import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** What one pass over the file established. */
export interface FileScan {
  /** SHA-256 of the bytes as stored, lowercase hex; undefined when not asked for. */
  sha256: string | undefined;
  /** Size as stored (compressed size for gzip). */
  bytes: number;
}

/**
 * Reads the file once, streaming, to hash it and/or to check that its gzip stream is complete.
 *
 * The gzip check exists because DuckDB reads a gzip stream that stops early at a flush point
 * without complaint, which would load a silently shortened day; zlib verifies the trailer (CRC
 * and length) and rejects it with "unexpected end of file". Decompression runs on libuv's thread
 * pool, beside DuckDB's own parse of the same file. With neither asked for (a plain file whose
 * hash the download computed), only the size is read.
 */
export async function scanFile(
  path: string,
  options: { hash: boolean; gunzip: boolean },
): Promise<FileScan> {
  if (!options.hash && !options.gunzip)
    return { sha256: undefined, bytes: (await stat(path)).size };
  const hash = options.hash ? createHash('sha256') : undefined;
  let bytes = 0;
  const source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  source.on('data', (chunk) => {
    hash?.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  });
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  if (options.gunzip) await pipeline(source, createGunzip(), discard);
  else await pipeline(source, discard);
  return { sha256: hash?.digest('hex'), bytes };
}
