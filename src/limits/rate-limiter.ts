/** The outcome of asking the limiter for requests. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** How fast a key earns requests and how many it may save up. */
export interface RateLimiterOptions {
  /** Requests each key earns per minute, on average. */
  readonly perMinute: number;
  /** Requests a key may make at once after being idle: the bucket's size. */
  readonly burst: number;
  /** Milliseconds on a monotonic clock; `performance.now` unless a test pins it. */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Keys kept before the first sweep of idle buckets. */
const FIRST_SWEEP_AT = 1024;

/**
 * A token bucket per key (an identity, or a client address), in memory. Each key starts with
 * `burst` requests and earns `perMinute / 60` more per second, up to `burst`. A refused take
 * consumes nothing and says how many whole seconds until it would succeed.
 *
 * Buckets that have refilled completely are indistinguishable from new ones, so they are
 * dropped whenever the number of keys doubles: memory follows the clients active in the last
 * `burst / rate` seconds, not every client ever seen.
 *
 * Not yet: shared between replicas; until then each replica allows the full rate, so N
 * replicas behind a balancer allow up to N times the configured rate.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly now: () => number;
  private sweepAt = FIRST_SWEEP_AT;

  constructor(private readonly options: RateLimiterOptions) {
    this.perMs = options.perMinute / 60_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes `count` requests from `key`'s bucket if it holds them. */
  take(key: string, count = 1): RateDecision {
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return { allowed: true };
    }
    const waitMs = (count - bucket.tokens) / this.perMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** How many keys are tracked; for tests of the sweep. */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.sweepAt) this.sweep(now);
      bucket = { tokens: this.options.burst, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const earned = (now - bucket.updatedAt) * this.perMs;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + earned);
    bucket.updatedAt = now;
    return bucket;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + (now - bucket.updatedAt) * this.perMs;
      if (tokens >= this.options.burst) this.buckets.delete(key);
    }
    this.sweepAt = Math.max(FIRST_SWEEP_AT, this.buckets.size * 2);
  }
}
