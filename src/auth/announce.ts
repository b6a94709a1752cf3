import type { AuthConfig } from '../config/auth-config';
import type { Logger } from '../logging/logger';

/**
 * Says at start-up, in one line, who may call the API: a warning at every start while
 * LTV_AUTH=off, an info line for the demo default and for each configured mechanism. Names and
 * counts only; no secret, digest or key.
 */
export function announceAuth(auth: AuthConfig, logger: Logger): void {
  const log = logger.child({ module: 'auth' });
  const mechanisms = {
    apiKeys: auth.apiKeys.length,
    jwt: jwtKinds(auth),
    routerSecret: auth.routerSecret !== undefined,
  };
  if (auth.mode === 'required') {
    log.info(mechanisms, 'authentication on: /graphql needs an API key or a JWT');
  } else if (auth.offReason === 'disabled') {
    log.warn(
      { ...mechanisms, variable: 'LTV_AUTH' },
      'authentication off (LTV_AUTH=off): anyone who reaches /graphql may read revenue data, trigger syncs and create exports',
    );
  } else {
    log.info(
      { routerSecret: mechanisms.routerSecret },
      'authentication off: demo data from the built-in simulator; set LTV_API_KEYS or LTV_JWT_SECRET / LTV_JWT_JWKS_URL to require credentials',
    );
  }
}

function jwtKinds(auth: AuthConfig): string {
  if (auth.jwt === undefined) return 'off';
  const kinds = [auth.jwt.hs256Secret && 'HS256', auth.jwt.jwksUrl && 'RS256 (JWKS)'];
  return kinds.filter(Boolean).join(' + ');
}
