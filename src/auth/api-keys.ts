import { createHash, timingSafeEqual } from 'node:crypto';

import type { ApiKeyEntry } from '../config/auth-config';
import type { Identity } from './identity';

/**
 * The configured API keys, held only as SHA-256 digests. A presented key is hashed and compared
 * with every digest in constant time, and all of them are compared whatever matched, so neither
 * the timing of one comparison nor the number made says how close a guess came or which entry
 * it hit.
 */
export class ApiKeyRing {
  private readonly entries: readonly { digest: Buffer; identity: Identity }[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.entries = entries.map((entry) => ({
      digest: Buffer.from(entry.sha256, 'hex'),
      identity: Object.freeze({
        name: entry.name,
        via: 'api-key' as const,
        scopes: new Set(entry.scopes),
        apps: entry.apps,
      }),
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The identity of the key, or undefined when no configured key matches it. */
  match(key: string): Identity | undefined {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    let found: Identity | undefined;
    for (const entry of this.entries) {
      // Both digests are 32 bytes, which timingSafeEqual requires.
      if (timingSafeEqual(digest, entry.digest)) found ??= entry.identity;
    }
    return found;
  }
}
