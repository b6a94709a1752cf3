import { LtvError } from '../errors/ltv-error';

/**
 * Why a request was not authenticated. `reason` is a stable word for logs and metrics; the
 * message is safe to show the client: it never quotes a credential or a configured secret.
 */
export class AuthenticationError extends LtvError {
  constructor(
    readonly reason:
      | 'missing'
      | 'unknown_api_key'
      | 'malformed_token'
      | 'bad_signature'
      | 'expired'
      | 'not_yet_valid'
      | 'wrong_issuer'
      | 'wrong_audience'
      | 'unknown_key'
      | 'bad_claims'
      | 'router_secret',
    message: string,
  ) {
    super('AUTHENTICATION_FAILED', message, { context: { reason } });
  }

  /** Whether the client presented a credential at all (RFC 6750 `error="invalid_token"`). */
  get credentialPresented(): boolean {
    return this.reason !== 'missing' && this.reason !== 'router_secret';
  }
}

/**
 * The issuer's key set could not be fetched and no copy of it is cached: the server cannot
 * tell good tokens from bad ones for now. The client may retry; it is not their fault.
 */
export class KeySetUnavailableError extends LtvError {
  constructor(url: string, cause: unknown) {
    super('JWKS_UNAVAILABLE', `The JSON Web Key Set at ${url} could not be fetched.`, {
      cause,
      context: { url },
    });
  }
}
