import type { IncomingMessage } from 'node:http';

import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

import type { Logger } from '../logging/logger';
import { ErrorCode } from '../graphql/error-code';
import type { RateLimiter } from './rate-limiter';

/** A request context that may say who is asking (the auth layer's `identity`). */
interface MaybeIdentified {
  readonly identity?: { readonly name: string; readonly via: string };
}

/**
 * The rate limit key of a request: the authenticated identity when the context carries one
 * (`api-key:reporting`, `jwt:<sub>`), otherwise the client's address. Requests without an
 * identity (authentication off, or failed) share their address's bucket.
 *
 * Not yet: a trusted proxy's X-Forwarded-For; until then, behind a proxy every anonymous
 * request shares the proxy's bucket.
 */
export function rateLimitKey(request: IncomingMessage, context: unknown): string {
  const identity = (context as MaybeIdentified | undefined)?.identity;
  if (identity && identity.via !== 'open' && typeof identity.name === 'string') {
    return `${identity.via}:${identity.name}`;
  }
  return `address:${request.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * RATE_LIMITED: HTTP 429 with a `Retry-After` header in whole seconds, also given as
 * `extensions.retryAfterSeconds` for clients that only see the body.
 */
export class RateLimitedError extends GraphQLError {
  constructor(retryAfterSeconds: number) {
    super(`Too many requests for this client; retry after ${retryAfterSeconds} s (Retry-After).`, {
      extensions: {
        code: ErrorCode.RateLimited,
        retryAfterSeconds,
        http: {
          status: 429,
          headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]),
        },
      },
    });
    this.name = 'RateLimitedError';
  }
}

/**
 * Returns the check the GraphQL route runs on each HTTP request once its context exists (or
 * failed to exist): it takes one request per operation (a batch of 5 takes 5) from the
 * caller's bucket, and throws `RateLimitedError` when the bucket cannot pay.
 */
export function rateLimitGate(
  limiter: RateLimiter,
  logger: Logger,
): (request: IncomingMessage, context: unknown, operations: number) => void {
  const log = logger.child({ module: 'limits' });
  return (request, context, operations) => {
    const key = rateLimitKey(request, context);
    const decision = limiter.take(key, operations);
    if (decision.allowed) return;
    // Debug, not info: a client hammering the limit must not flood the log as well.
    log.debug(
      { key, retryAfterSeconds: decision.retryAfterSeconds },
      'refused request over rate limit',
    );
    throw new RateLimitedError(decision.retryAfterSeconds);
  };
}
