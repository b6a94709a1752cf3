import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/** What a presented access token turns out to be. */
export type TokenCheck = 'valid' | 'unknown' | 'expired';

/**
 * The access tokens a simulator has issued. Tokens are JWT-shaped (HS256 over a per-process
 * key) so that clients which peek at them see what they expect, but validity is decided by
 * this registry: revoking the credentials forgets every token at once.
 */
export class AccessTokens {
  private readonly key = randomBytes(32);
  private readonly expiries = new Map<string, number>();

  /** A new token for `clientId`, valid for `ttlSeconds` from `nowMs` (simulated epoch ms). */
  issue(clientId: string, nowMs: number, ttlSeconds: number): string {
    this.forgetExpired(nowMs);
    const issuedAt = Math.floor(nowMs / 1000);
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const payload = encode({
      iss: 'ltv-gateway-simulator',
      sub: clientId,
      iat: issuedAt,
      exp: issuedAt + ttlSeconds,
      jti: randomUUID(),
    });
    const signature = createHmac('sha256', this.key)
      .update(`${header}.${payload}`)
      .digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.expiries.set(token, nowMs + ttlSeconds * 1000);
    return token;
  }

  /** Whether `token` was issued here and is not expired at `nowMs`. */
  check(token: string, nowMs: number): TokenCheck {
    const expiresAtMs = this.expiries.get(token);
    if (expiresAtMs === undefined) return 'unknown';
    return nowMs >= expiresAtMs ? 'expired' : 'valid';
  }

  /** Forgets every token; they answer 'unknown' from now on. */
  revokeAll(): void {
    this.expiries.clear();
  }

  // Keeps the registry small in long demo runs; a token a day past expiry is just unknown.
  private forgetExpired(nowMs: number): void {
    for (const [token, expiresAtMs] of this.expiries) {
      if (expiresAtMs + 86_400_000 < nowMs) this.expiries.delete(token);
    }
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
