import {
  createHmac,
  timingSafeEqual,
  verify as verifySignature,
  type KeyObject,
} from 'node:crypto';

import { SCOPES, type JwtConfig, type Scope } from '../config/auth-config';
import { AuthenticationError } from './auth-errors';
import type { Identity } from './identity';

/** Finds the RS256 public key a token names by `kid`; undefined when the key set has none. */
export type SigningKeyLookup = (kid: string | undefined) => Promise<KeyObject | undefined>;

/** The claim listing the app ids a token may read; absent means every app. */
export const APPS_CLAIM = 'ltv_apps';

/** Longer than any token an issuer hands out; bounds the work done on garbage. */
const MAX_TOKEN_CHARS = 16_384;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether `text` has the shape of a compact JWT (three base64url parts); nothing is verified. */
export function looksLikeJwt(text: string): boolean {
  return text.length <= MAX_TOKEN_CHARS && COMPACT_JWS.test(text);
}

/**
 * Verifies JWT bearer tokens (RFC 7519, compact JWS of RFC 7515) with node:crypto: HS256 with
 * the configured secret, RS256 with a key from the issuer's key set. The signature is checked
 * before any claim is believed; then `exp` (required) and `nbf` with the configured clock skew,
 * the exact issuer, and the audience. The identity is `sub`, its scopes come from `scope`
 * (space-separated, RFC 8693) or `scp`, and its apps from `ltv_apps`.
 */
export class JwtVerifier {
  private readonly hs256Key: Buffer | undefined;
  private readonly now: () => number;

  constructor(
    private readonly config: JwtConfig,
    private readonly rs256Keys: SigningKeyLookup | undefined,
    now?: () => number,
  ) {
    this.hs256Key =
      config.hs256Secret === undefined ? undefined : Buffer.from(config.hs256Secret, 'utf8');
    this.now = now ?? Date.now;
  }

  /** The token's identity; throws AuthenticationError, or KeySetUnavailableError. */
  async verify(token: string): Promise<Identity> {
    if (!looksLikeJwt(token)) throw malformed('it is not a compact JWT (header.payload.signature)');
    const [headerPart, payloadPart, signaturePart] = token.split('.');

    // 1. The header says how the token is signed; nothing in it is trusted beyond that.
    const header = decodeJson(headerPart, 'header');
    if (header.crit !== undefined) throw malformed('it has critical header extensions');
    const signature = Buffer.from(signaturePart, 'base64url');
    const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');

    // 2. The signature, with the key the algorithm calls for and only a configured one.
    if (header.alg === 'HS256' && this.hs256Key !== undefined) {
      const expected = createHmac('sha256', this.hs256Key).update(signed).digest();
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
        throw badSignature();
      }
    } else if (header.alg === 'RS256' && this.rs256Keys !== undefined) {
      const kid = typeof header.kid === 'string' ? header.kid : undefined;
      const key = await this.rs256Keys(kid);
      if (key === undefined) {
        throw new AuthenticationError(
          'unknown_key',
          "The token's signing key (kid) is not in the issuer's key set.",
        );
      }
      if (!verifySignature('sha256', signed, key, signature)) throw badSignature();
    } else {
      const alg = JSON.stringify(String(header.alg).slice(0, 16));
      throw malformed(`it is signed with ${alg}; accepted: ${this.algorithms()}`);
    }

    // 3. Only now are the claims believed.
    const claims = decodeJson(payloadPart, 'payload');
    this.checkTimes(claims);
    if (claims.iss !== this.config.issuer) {
      throw new AuthenticationError(
        'wrong_issuer',
        "The token's issuer (iss) is not trusted here.",
      );
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(this.config.audience)) {
      throw new AuthenticationError(
        'wrong_audience',
        `The token's audience (aud) does not include ${JSON.stringify(this.config.audience)}.`,
      );
    }
    return identityOf(claims);
  }

  private checkTimes(claims: Record<string, unknown>): void {
    const nowSeconds = this.now() / 1000;
    const skew = this.config.clockSkewSeconds;
    const { exp, nbf } = claims;
    if (typeof exp !== 'number' || !Number.isFinite(exp)) {
      throw new AuthenticationError('bad_claims', 'The token has no expiry (exp); it is refused.');
    }
    if (nowSeconds > exp + skew) {
      throw new AuthenticationError(
        'expired',
        `The token expired at ${new Date(exp * 1000).toISOString()}; get a new one.`,
      );
    }
    if (nbf !== undefined) {
      if (typeof nbf !== 'number' || !Number.isFinite(nbf)) {
        throw new AuthenticationError('bad_claims', 'The token has an unreadable nbf claim.');
      }
      if (nowSeconds + skew < nbf) {
        throw new AuthenticationError(
          'not_yet_valid',
          `The token is not valid before ${new Date(nbf * 1000).toISOString()}.`,
        );
      }
    }
  }

  private algorithms(): string {
    const accepted = [this.hs256Key && 'HS256', this.rs256Keys && 'RS256'].filter(Boolean);
    return accepted.join(', ');
  }
}

function identityOf(claims: Record<string, unknown>): Identity {
  const { sub } = claims;
  if (typeof sub !== 'string' || sub === '') {
    throw new AuthenticationError('bad_claims', 'The token has no subject (sub).');
  }
  const apps = claims[APPS_CLAIM];
  const appsListed = Array.isArray(apps) && apps.every((app) => typeof app === 'string');
  // A malformed allow-list must never widen into "every app".
  if (apps !== undefined && !appsListed) {
    throw new AuthenticationError(
      'bad_claims',
      `The token's ${APPS_CLAIM} claim must be a list of app ids.`,
    );
  }
  return Object.freeze({
    name: sub,
    via: 'jwt' as const,
    scopes: scopesOf(claims),
    apps: appsListed ? Object.freeze([...new Set(apps as string[])]) : undefined,
  });
}

/** `scope` as a space-separated string, or `scp` as a list or string; unknown scopes dropped. */
function scopesOf(claims: Record<string, unknown>): ReadonlySet<Scope> {
  const raw = claims.scope ?? claims.scp;
  const words = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw : [];
  return new Set(words.filter((word): word is Scope => SCOPES.includes(word as Scope)));
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw malformed(`its ${what} is not base64url JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed(`its ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function malformed(reason: string): AuthenticationError {
  return new AuthenticationError('malformed_token', `The bearer token is not usable: ${reason}.`);
}

function badSignature(): AuthenticationError {
  return new AuthenticationError('bad_signature', "The token's signature does not verify.");
}
