import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Returns the SHA-256 of the file's bytes as stored (compressed files are hashed compressed), in
 * lowercase hex, and the number of bytes read. Streams the file; memory use stays flat.
 */
export async function fileChecksum(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
