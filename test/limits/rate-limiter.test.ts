import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

import { silentLogger } from '../../src/logging/logger';
import { RateLimitedError, rateLimitGate, rateLimitKey } from '../../src/limits/rate-limit-gate';
import { RateLimiter } from '../../src/limits/rate-limiter';

describe('RateLimiter', () => {
  let clock = 0;
  const limiter = (perMinute: number, burst: number) =>
    new RateLimiter({ perMinute, burst, now: () => clock });

  beforeEach(() => {
    clock = 1_000;
  });

  it('allows a burst at once, then refuses with the seconds until the next request is earned', () => {
    const bucket = limiter(60, 3);

    expect([1, 2, 3].map(() => bucket.take('a').allowed)).toEqual([true, true, true]);
    // 60 per minute: one request a second.
    expect(bucket.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('earns requests back at the configured rate, never above the burst', () => {
    const bucket = limiter(6, 2);
    bucket.take('a', 2);

    clock += 9_999;
    expect(bucket.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock += 1;
    expect(bucket.take('a').allowed).toBe(true);

    clock += 3_600_000;
    expect(bucket.take('a', 2).allowed).toBe(true);
    expect(bucket.take('a').allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const bucket = limiter(1, 1);

    expect(bucket.take('a').allowed).toBe(true);
    expect(bucket.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(bucket.take('b').allowed).toBe(true);
  });

  it('takes several requests at once for a batch and charges nothing when refusing', () => {
    const bucket = limiter(60, 5);

    expect(bucket.take('a', 4).allowed).toBe(true);
    expect(bucket.take('a', 2)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(bucket.take('a', 1).allowed).toBe(true);
  });

  it('forgets buckets that have refilled once the number of keys doubles', () => {
    const bucket = limiter(60, 1);
    for (let i = 0; i < 1024; i++) bucket.take(`old-${i}`);
    clock += 2_000;
    bucket.take('fresh');

    expect(bucket.size).toBe(1);
  });
});

describe('rateLimitKey', () => {
  const request = { socket: { remoteAddress: '10.1.2.3' } as Socket } as IncomingMessage;

  it('keys an authenticated request by its identity', () => {
    const context = { identity: { name: 'reporting', via: 'api-key' } };

    expect(rateLimitKey(request, context)).toBe('api-key:reporting');
  });

  it('keys an anonymous or failed request by the client address', () => {
    expect(rateLimitKey(request, { identity: { name: 'anonymous', via: 'open' } })).toBe(
      'address:10.1.2.3',
    );
    expect(rateLimitKey(request, undefined)).toBe('address:10.1.2.3');
  });
});

describe('rateLimitGate', () => {
  it('throws RATE_LIMITED with status 429 and Retry-After once the bucket is empty', () => {
    const gate = rateLimitGate(new RateLimiter({ perMinute: 2, burst: 1 }), silentLogger());
    const request = { socket: { remoteAddress: '10.0.0.9' } as Socket } as IncomingMessage;
    gate(request, undefined, 1);

    let thrown: unknown;
    try {
      gate(request, undefined, 1);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(RateLimitedError);
    const { extensions } = thrown as RateLimitedError;
    expect(extensions.code).toBe('RATE_LIMITED');
    expect(extensions.retryAfterSeconds).toBe(30);
    const http = extensions.http as { status: number; headers: Map<string, string> };
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe('30');
  });
});
