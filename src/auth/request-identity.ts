import type { IncomingMessage } from 'node:http';

import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

import { ErrorCode } from '../graphql/error-code';
import type { Logger } from '../logging/logger';
import { AuthenticationError, KeySetUnavailableError } from './auth-errors';
import type { Authenticator } from './authenticator';
import type { Identity } from './identity';

/** The realm of the `WWW-Authenticate` challenge. */
const REALM = 'ltv-gateway';

/**
 * Authenticates one GraphQL HTTP request; called while its context is built, so Apollo Server
 * answers a refusal before parsing or running anything, and still serves the landing page (which
 * holds no data) without credentials. Refusals are GraphQLErrors whose `extensions.http` Apollo
 * turns into the status and headers:
 * - bad or missing credentials: 401 `UNAUTHENTICATED` with a `WWW-Authenticate: Bearer`
 *   challenge (RFC 6750), `error="invalid_token"` when a credential was sent;
 * - the issuer's key set unreachable: 503 with `Retry-After`, reported as an internal error
 *   (logged in full by formatError), since the client did nothing wrong.
 */
export function requestIdentifier(
  authenticator: Authenticator,
  logger: Logger,
): (request: IncomingMessage) => Promise<Identity> {
  const log = logger.child({ module: 'auth' });
  return async (request) => {
    try {
      return await authenticator.authenticate(request.headers);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        log.info({ reason: error.reason }, 'refused unauthenticated request');
        const challenge = error.credentialPresented
          ? `Bearer realm="${REALM}", error="invalid_token"`
          : `Bearer realm="${REALM}"`;
        throw new GraphQLError(error.message, {
          extensions: {
            code: ErrorCode.Unauthenticated,
            http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge]]) },
          },
        });
      }
      if (error instanceof KeySetUnavailableError) {
        throw new GraphQLError(error.message, {
          originalError: error,
          extensions: {
            code: ErrorCode.InternalServerError,
            http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) },
          },
        });
      }
      throw error;
    }
  };
}
