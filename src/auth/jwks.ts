import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

import type { Logger } from '../logging/logger';
import { KeySetUnavailableError } from './auth-errors';

/** Timings of the key set cache; tests shorten them. */
export interface KeySetTimings {
  /** How long a fetched key set is used before it is fetched again, in ms. */
  readonly maxAgeMs: number;
  /** The least time between two fetches caused by an unknown `kid`, in ms. */
  readonly unknownKidCooldownMs: number;
  /** How long one fetch may take, in ms. */
  readonly timeoutMs: number;
}

const DEFAULT_TIMINGS: KeySetTimings = {
  maxAgeMs: 10 * 60_000,
  unknownKidCooldownMs: 30_000,
  timeoutMs: 5_000,
};

/** The largest key set body read; real ones are a few kilobytes. */
const MAX_BODY_CHARS = 1024 * 1024;
/** RSA keys shorter than this are refused (NIST SP 800-131A). */
const MIN_RSA_BITS = 2048;

/**
 * The RS256 public keys of a JSON Web Key Set (RFC 7517) at a URL, fetched with Node's global
 * fetch. Keys are cached by `kid` for `maxAgeMs`. A token naming a `kid` the cache lacks
 * triggers a refetch (the issuer rotated its keys), at most once per cooldown so that garbage
 * tokens cannot make the service hammer the issuer. Concurrent lookups share one fetch. When a
 * fetch fails, the keys already cached keep working.
 */
export class JwksKeySource {
  private keys = new Map<string, KeyObject>();
  private fetchedAt: number | undefined;
  private lastAttempt = -Infinity;
  private pending: Promise<void> | undefined;
  private readonly timings: KeySetTimings;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(
    private readonly url: string,
    logger: Logger,
    options: { timings?: Partial<KeySetTimings>; now?: () => number } = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.now = options.now ?? Date.now;
    this.logger = logger.child({ module: 'auth' });
  }

  /**
   * The key for `kid`; without a kid, the key set's only key. Undefined when the key set, fresh
   * or just refetched, has no such key. Throws KeySetUnavailableError when the key set was never
   * fetched successfully.
   */
  async key(kid: string | undefined): Promise<KeyObject | undefined> {
    const now = this.now();
    const stale = this.fetchedAt === undefined || now - this.fetchedAt >= this.timings.maxAgeMs;
    const unknown = this.find(kid) === undefined;
    const cooled = now - this.lastAttempt >= this.timings.unknownKidCooldownMs;
    if (stale || (unknown && cooled)) await this.refresh();
    return this.find(kid);
  }

  private find(kid: string | undefined): KeyObject | undefined {
    if (kid !== undefined) return this.keys.get(kid);
    return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
  }

  private refresh(): Promise<void> {
    this.pending ??= this.fetchKeys().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttempt = this.now();
    try {
      const response = await fetch(this.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timings.timeoutMs),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`HTTP status ${response.status}`);
      if (text.length > MAX_BODY_CHARS) throw new Error(`body of ${text.length} characters`);
      this.keys = rs256Keys(JSON.parse(text) as unknown);
      this.fetchedAt = this.now();
      this.logger.info({ url: this.url, keys: this.keys.size }, 'fetched JSON Web Key Set');
    } catch (error) {
      if (this.fetchedAt === undefined) {
        this.logger.error({ url: this.url, err: error }, 'JSON Web Key Set fetch failed');
        throw new KeySetUnavailableError(this.url, error);
      }
      this.logger.warn(
        { url: this.url, err: error, keys: this.keys.size },
        'JSON Web Key Set fetch failed; using the keys fetched before',
      );
    }
  }
}

/** The usable RS256 signing keys of a key set, by kid; others are skipped. */
function rs256Keys(body: unknown): Map<string, KeyObject> {
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('the body has no "keys" list');
  const keys = new Map<string, KeyObject>();
  for (const jwk of list as JsonWebKey[]) {
    const usable =
      jwk !== null &&
      typeof jwk === 'object' &&
      jwk.kty === 'RSA' &&
      (jwk.use === undefined || jwk.use === 'sig') &&
      (jwk.alg === undefined || jwk.alg === 'RS256');
    if (!usable) continue;
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS) {
        // A key without a kid can only serve tokens without one, when it is the only key.
        keys.set(typeof jwk.kid === 'string' ? jwk.kid : '', key);
      }
    } catch {
      // A key this runtime cannot read is one the issuer cannot expect us to use.
    }
  }
  return keys;
}
