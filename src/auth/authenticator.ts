import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { AuthConfig } from '../config/auth-config';
import type { Logger } from '../logging/logger';
import { ApiKeyRing } from './api-keys';
import { AuthenticationError } from './auth-errors';
import { OPEN_IDENTITY, type Identity } from './identity';
import { JwksKeySource, type KeySetTimings } from './jwks';
import { JwtVerifier, looksLikeJwt } from './jwt';

/** The header the supergraph router sends the shared secret in (LTV_ROUTER_SECRET). */
export const ROUTER_SECRET_HEADER = 'x-router-secret';
/** The header an API key may be sent in, instead of `Authorization: Bearer`. */
export const API_KEY_HEADER = 'x-api-key';

/** Establishes who sent a request, from its headers alone. */
export interface Authenticator {
  /** False while authentication is off: every request is the open identity. */
  readonly required: boolean;
  /** The caller's identity; throws AuthenticationError or KeySetUnavailableError. */
  authenticate(headers: IncomingHttpHeaders): Promise<Identity>;
}

/** Test seams: the clock of token expiry and the key set's cache timings. */
export interface AuthenticatorOptions {
  readonly now?: () => number;
  readonly jwksTimings?: Partial<KeySetTimings>;
}

/**
 * The authenticator the configuration describes. In order:
 * 1. with LTV_ROUTER_SECRET set, `x-router-secret` must carry it (even while auth is off), so
 *    the subgraph cannot be called around the router;
 * 2. with auth off, everyone is the open identity;
 * 3. `x-api-key`, else `Authorization: Bearer`, must carry a configured API key or, when JWTs
 *    are accepted, a token that verifies.
 * A router forwards its client's identity by passing `Authorization` (or `x-api-key`) through.
 */
export function createAuthenticator(
  config: AuthConfig,
  logger: Logger,
  options: AuthenticatorOptions = {},
): Authenticator {
  const ring = new ApiKeyRing(config.apiKeys);
  const jwks =
    config.jwt?.jwksUrl === undefined
      ? undefined
      : new JwksKeySource(config.jwt.jwksUrl, logger, {
          timings: options.jwksTimings,
          now: options.now,
        });
  const jwt =
    config.jwt === undefined
      ? undefined
      : new JwtVerifier(config.jwt, jwks && ((kid) => jwks.key(kid)), options.now);
  const routerDigest = config.routerSecret === undefined ? undefined : sha256(config.routerSecret);

  return {
    required: config.mode === 'required',
    async authenticate(headers) {
      if (routerDigest !== undefined) checkRouterSecret(headers, routerDigest);
      if (config.mode === 'off') return OPEN_IDENTITY;

      const apiKey = single(headers[API_KEY_HEADER]);
      if (apiKey !== undefined) return ring.match(apiKey) ?? unknownKey();
      const bearer = bearerToken(headers.authorization);
      // An API key is tried first, so keys of any shape work; a miss costs one hash.
      const byKey = ring.match(bearer);
      if (byKey !== undefined) return byKey;
      if (jwt !== undefined && (looksLikeJwt(bearer) || ring.size === 0)) return jwt.verify(bearer);
      return unknownKey();
    },
  };
}

function checkRouterSecret(headers: IncomingHttpHeaders, expected: Buffer): void {
  const given = single(headers[ROUTER_SECRET_HEADER]);
  // Digests have one length whatever was sent, as timingSafeEqual needs.
  if (given === undefined || !timingSafeEqual(sha256(given), expected)) {
    throw new AuthenticationError(
      'router_secret',
      `This service answers only through the supergraph router (${ROUTER_SECRET_HEADER} is missing or wrong).`,
    );
  }
}

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw new AuthenticationError(
      'missing',
      `No credentials: send "Authorization: Bearer <API key or JWT>" or "${API_KEY_HEADER}: <API key>".`,
    );
  }
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (match === null) {
    throw new AuthenticationError(
      'missing',
      'The Authorization header must use the Bearer scheme: "Authorization: Bearer <API key or JWT>".',
    );
  }
  return match[1];
}

function unknownKey(): never {
  throw new AuthenticationError('unknown_api_key', 'The API key is not recognised.');
}

function single(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
