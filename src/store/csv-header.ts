import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** How the file is stored; detected from its first bytes, not its name. */
export type FileCompression = 'gzip' | 'none';

/** A header line longer than this is not a header: the file is something else. */
const MAX_HEADER_BYTES = 1024 * 1024;

/** Detects gzip by its magic bytes, so a download saved without a `.gz` suffix still loads. */
export async function detectCompression(path: string): Promise<FileCompression> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b ? 'gzip' : 'none';
  } finally {
    await handle.close();
  }
}

/**
 * Returns the first line of the file (decompressed if needed), without its line ending or a
 * UTF-8 byte order mark; `null` for an empty file. Reads only as far as the first newline.
 */
export async function readFirstLine(
  path: string,
  compression: FileCompression,
): Promise<string | null> {
  const source = createReadStream(path, { highWaterMark: 64 * 1024 });
  const stream: Readable = compression === 'gzip' ? source.pipe(createGunzip()) : source;
  source.on('error', (error) => stream.destroy(error));
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      const newline = buffer.indexOf(0x0a);
      chunks.push(newline === -1 ? buffer : buffer.subarray(0, newline));
      length += buffer.length;
      if (newline !== -1) break;
      if (length > MAX_HEADER_BYTES) {
        throw new Error(`the first line is longer than ${MAX_HEADER_BYTES} bytes`);
      }
    }
  } finally {
    source.destroy();
    stream.destroy();
  }
  if (length === 0) return null;
  // TextDecoder drops a leading byte order mark by default.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks)).replace(/\r$/, '');
}

/**
 * Splits one CSV line into fields: comma separated, fields optionally in double quotes, a doubled
 * quote inside quotes standing for one quote (RFC 4180).
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}
