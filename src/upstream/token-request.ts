import type { Dispatcher } from 'undici';

import {
  UpstreamConfigurationError,
  UpstreamCredentialsRejectedError,
  UpstreamUnavailableError,
  type UpstreamErrorContext,
} from './errors';
import { withRetries, transientStatusError, type RetryPolicy } from './retry';
import { callUpstream, readJsonBody, vendorErrorOf, type CallDependencies } from './upstream-call';

/** An access token as the vendor issued it; the token itself is never logged. */
export interface IssuedToken {
  readonly accessToken: string;
  /** Lifetime announced by the vendor (`expiresIn`), in milliseconds. */
  readonly expiresInMs: number;
}

export interface TokenRequestSettings {
  readonly tokenUrl: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  readonly nowMs: () => number;
}

/**
 * Step 1 of the workflow: trades the client credentials for a bearer token. Retries 429 and 5xx
 * with backoff; a rejection of the credentials or of the request shape fails at once with a
 * configuration error, since repeating it cannot help. It takes no abort signal: several callers
 * share one fetch, and one of them giving up must not cancel it for the others.
 */
export async function requestAccessToken(
  deps: CallDependencies,
  settings: TokenRequestSettings,
): Promise<IssuedToken> {
  const body = JSON.stringify({
    grant_type: 'client_credentials',
    client_id: settings.clientId,
    client_secret: settings.clientSecret,
  });
  return withRetries(
    'token',
    settings.retry,
    { ...deps, random: settings.random },
    async (attempt) => {
      const context: UpstreamErrorContext = { step: 'token', attempt };
      const response = await callUpstream(deps, {
        method: 'POST',
        url: settings.tokenUrl,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        context,
      });
      const json = await readJsonBody(response);
      if (response.statusCode === 200) return issuedTokenOf(json, context);
      throw tokenFailure(response, json, context, settings);
    },
  );
}

function issuedTokenOf(json: unknown, context: UpstreamErrorContext): IssuedToken {
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const { accessToken, tokenType, expiresIn } = record;
  // The vendor documents "Bearer" and sends "bearer": any case is the same scheme.
  const bearer = typeof tokenType === 'string' && tokenType.toLowerCase() === 'bearer';
  const lifetimeValid =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0;
  if (typeof accessToken !== 'string' || accessToken === '' || !bearer || !lifetimeValid) {
    const type = typeof tokenType === 'string' ? `"${tokenType}"` : String(tokenType);
    throw new UpstreamUnavailableError(
      `Upstream token response is malformed: expected a non-empty accessToken, tokenType "bearer" and a positive expiresIn, got tokenType ${type} and expiresIn ${String(expiresIn)}.`,
      { ...context, status: 200 },
    );
  }
  return { accessToken, expiresInMs: expiresIn * 1000 };
}

function tokenFailure(
  response: Dispatcher.ResponseData,
  json: unknown,
  context: UpstreamErrorContext,
  settings: TokenRequestSettings,
): Error {
  const status = response.statusCode;
  const vendor = vendorErrorOf(json);
  const failed = { ...context, status, vendorError: vendor.error };
  const transient = transientStatusError(status, response.headers, failed, settings.nowMs());
  if (transient) return transient;

  if (vendor.error === 'invalid_client' || status === 401 || status === 403) {
    return new UpstreamCredentialsRejectedError(
      `Upstream rejected the client credentials (HTTP ${status}, ${vendor.error ?? 'no error code'}): the client id or secret is wrong, revoked or disabled; generate new keys in the vendor console and update the configuration.`,
      failed,
    );
  }
  // A vendor message might echo what it was sent; the secret is cut out before it is quoted.
  const message = vendor.message?.split(settings.clientSecret).join('[redacted]');
  const detail = message === undefined ? '' : `: ${message}`;
  return new UpstreamConfigurationError(
    `Upstream refused the token request (HTTP ${status}, ${vendor.error ?? 'no error code'})${detail}; expected a client_credentials grant with both client id and secret set.`,
    failed,
  );
}
