import type { EnvReader } from './env-reader';

/** What an identity may do: read data, trigger syncs, create segment exports. */
export type Scope = 'read' | 'sync' | 'export';

/** Every scope, in the order the README lists them. */
export const SCOPES: readonly Scope[] = ['read', 'sync', 'export'];

/** One static API key: who it is, what it may do, and the SHA-256 of the key itself. */
export interface ApiKeyEntry {
  /** Shown in logs and as the identity's name; never the key. */
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** The SHA-256 digest of the key, 64 lowercase hex digits. */
  readonly sha256: string;
  /** The app ids this key may read; undefined means every app. */
  readonly apps: readonly string[] | undefined;
}

/** JWT bearer tokens: HS256 with a shared secret and/or RS256 with keys from a JWKS URL. */
export interface JwtConfig {
  /** Never logged; `describeConfig` leaves it out. */
  readonly hs256Secret: string | undefined;
  readonly jwksUrl: string | undefined;
  /** The exact `iss` a token must carry. */
  readonly issuer: string;
  /** The `aud` (or one of them) a token must carry. */
  readonly audience: string;
  /** How far `exp` and `nbf` may be off the server's clock, in seconds. */
  readonly clockSkewSeconds: number;
}

/** Who may call `/graphql` (see src/auth and the README's "Authentication"). */
export interface AuthConfig {
  /** `required`: every GraphQL request needs a credential. `off`: nobody is asked for one. */
  readonly mode: 'required' | 'off';
  /** Why auth is off: the demo default (no vendor credentials), or LTV_AUTH=off. */
  readonly offReason: 'demo' | 'disabled' | undefined;
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly jwt: JwtConfig | undefined;
  /** The value the router sends in `x-router-secret`; never logged. Unset: not required. */
  readonly routerSecret: string | undefined;
}

/** The shortest HS256 secret and router secret accepted: 32 characters of a random string. */
const MIN_SECRET_CHARS = 32;
const KEY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const APP_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Reads the authentication settings. `serving` is true for the HTTP server; only then does
 * the start-up rule apply: with vendor credentials, some authentication must be configured or
 * LTV_AUTH=off set explicitly. Secrets are described in problems, never quoted.
 */
export function readAuthConfig(
  read: EnvReader,
  context: { vendorCredentials: boolean; serving: boolean },
): AuthConfig {
  const setting = read.oneOf('LTV_AUTH', ['auto', 'on', 'off'] as const, 'auto');
  const apiKeys = apiKeyEntries(read);
  const jwt = jwtConfig(read);
  const routerSecret = secret(read, 'LTV_ROUTER_SECRET', 'a random string the router also sends');
  const configured = apiKeys.length > 0 || jwt !== undefined;

  if (setting === 'off') return { mode: 'off', offReason: 'disabled', apiKeys, jwt, routerSecret };
  if (configured) return { mode: 'required', offReason: undefined, apiKeys, jwt, routerSecret };

  if (setting === 'on') {
    read.problem(
      'LTV_AUTH',
      'is "on" but no credential is configured: set LTV_API_KEYS, or LTV_JWT_SECRET or LTV_JWT_JWKS_URL with LTV_JWT_ISSUER and LTV_JWT_AUDIENCE',
    );
  } else if (context.vendorCredentials && context.serving) {
    read.problem(
      'LTV_AUTH',
      'must be configured when vendor credentials (DT_CLIENT_ID, DT_CLIENT_SECRET) are set, since the API then serves real revenue data: set LTV_API_KEYS, or LTV_JWT_SECRET or LTV_JWT_JWKS_URL with LTV_JWT_ISSUER and LTV_JWT_AUDIENCE; or set LTV_AUTH=off to serve without authentication',
    );
  }
  return { mode: 'off', offReason: 'demo', apiKeys, jwt, routerSecret };
}

/**
 * LTV_API_KEYS: entries separated by commas, each `name:scope+scope:sha256hex[:app+app]`,
 * e.g. `marketing:read+export:9f86…08:104512+104513`. A problem names the entry by position and
 * name, never by its digest.
 */
function apiKeyEntries(read: EnvReader): ApiKeyEntry[] {
  const raw = read.optionalString('LTV_API_KEYS');
  if (raw === undefined) return [];
  const entries: ApiKeyEntry[] = [];
  const names = new Set<string>();
  const texts = raw.split(',').map((text) => text.trim());
  texts.forEach((text, index) => {
    const where = `entry ${index + 1}`;
    const [name = '', scopeText = '', digest = '', appText, ...rest] = text.split(':');
    const scopes = scopeText.split('+').filter((scope) => scope !== '');
    const apps = appText === undefined ? undefined : appText.split('+').filter((a) => a !== '');
    const problems: string[] = [];
    if (!KEY_NAME.test(name)) problems.push('a name of letters, digits, "_", "." or "-"');
    else if (names.has(name)) problems.push(`a name not used by another entry (${name} repeats)`);
    if (scopes.length === 0 || scopes.some((scope) => !SCOPES.includes(scope as Scope))) {
      problems.push(`scopes from ${SCOPES.join(', ')} joined by "+"`);
    }
    if (!SHA256_HEX.test(digest.toLowerCase())) {
      problems.push('the SHA-256 of the key as 64 hex digits (printf %s "$KEY" | sha256sum)');
    }
    if (apps !== undefined && (apps.length === 0 || !apps.every((app) => APP_ID.test(app)))) {
      problems.push('app ids joined by "+" after the digest, or no fourth part for every app');
    }
    if (rest.length > 0) problems.push('at most four ":"-separated parts');
    if (problems.length > 0) {
      const label = KEY_NAME.test(name) ? `${where} (${name})` : where;
      read.problem(
        'LTV_API_KEYS',
        `${label} must be name:scope+scope:sha256hex[:app+app], with ${problems.join('; ')}`,
      );
      return;
    }
    names.add(name);
    entries.push({
      name,
      scopes: [...new Set(scopes as Scope[])],
      sha256: digest.toLowerCase(),
      apps: apps && [...new Set(apps)],
    });
  });
  return entries;
}

function jwtConfig(read: EnvReader): JwtConfig | undefined {
  const hs256Secret = secret(read, 'LTV_JWT_SECRET', 'the HS256 key shared with the token issuer');
  const jwksUrl = read.optionalString('LTV_JWT_JWKS_URL');
  const issuer = read.optionalString('LTV_JWT_ISSUER');
  const audience = read.optionalString('LTV_JWT_AUDIENCE');
  const clockSkewSeconds = read.integer('LTV_JWT_CLOCK_SKEW_SECONDS', 60, { min: 0, max: 300 });
  if (jwksUrl !== undefined) checkJwksUrl(read, jwksUrl);

  const verifier = hs256Secret !== undefined || jwksUrl !== undefined;
  if (!verifier) {
    if (issuer !== undefined || audience !== undefined) {
      read.problem(
        issuer !== undefined ? 'LTV_JWT_ISSUER' : 'LTV_JWT_AUDIENCE',
        'is set but tokens cannot be verified: set LTV_JWT_SECRET (HS256) or LTV_JWT_JWKS_URL (RS256) too',
      );
    }
    return undefined;
  }
  for (const [variable, value] of [
    ['LTV_JWT_ISSUER', issuer],
    ['LTV_JWT_AUDIENCE', audience],
  ] as const) {
    if (value === undefined) {
      read.problem(
        variable,
        'is required when JWTs are accepted (LTV_JWT_SECRET or LTV_JWT_JWKS_URL is set): every token is checked against it',
      );
    }
  }
  return {
    hs256Secret,
    jwksUrl,
    issuer: issuer?.trim() ?? '',
    audience: audience?.trim() ?? '',
    clockSkewSeconds,
  };
}

function checkJwksUrl(read: EnvReader, raw: string): void {
  try {
    const url = new URL(raw.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return;
  } catch {
    // Reported below.
  }
  read.problem(
    'LTV_JWT_JWKS_URL',
    `must be the http(s) URL of the issuer's JSON Web Key Set, such as https://login.example.com/.well-known/jwks.json, got ${JSON.stringify(raw)}`,
  );
}

// The value is a secret: problems describe it, never quote it.
function secret(read: EnvReader, variable: string, what: string): string | undefined {
  const value = read.optionalString(variable);
  if (value !== undefined && value.length < MIN_SECRET_CHARS) {
    read.problem(variable, `must be at least ${MIN_SECRET_CHARS} characters long (${what})`);
  }
  return value;
}
