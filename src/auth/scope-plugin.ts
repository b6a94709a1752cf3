import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

import { ErrorCode } from '../graphql/error-code';
import type { Identity } from './identity';
import { scopesNeeded } from './root-field-scopes';

/** What the plugin reads from the per-request context. */
interface WithIdentity {
  readonly identity: Identity;
}

/**
 * Checks scopes once per operation, after validation and before any resolver (so no SQL runs
 * and no sync starts for a refused operation). An identity lacking a scope gets one FORBIDDEN
 * error naming the scopes it lacks, with HTTP 403: the whole request is refused, which
 * GraphQL-over-HTTP lets a server answer with a 4xx.
 *
 * Also marks every authenticated answer `Cache-Control: private`: with app allow-lists, two
 * identities may get different answers to one query, and a shared cache must never hand an
 * answer to someone who did not authenticate.
 */
export function scopePlugin<TContext extends WithIdentity>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          const identity = contextValue.identity;

          // Apollo resolves the operation before this hook; without one nothing runs anyway.
          if (operation === undefined) return;
          const needs = scopesNeeded(operation, document);
          const missing = [...needs.scopes].filter((scope) => !identity.scopes.has(scope));
          if (needs.unassigned.length > 0) {
            throw forbidden(
              `No scope grants the mutation ${needs.unassigned.join(', ')}; it is refused for everyone.`,
            );
          }
          if (missing.length > 0) {
            const held = [...identity.scopes].join(', ') || 'none';
            throw forbidden(
              `This operation needs the scope ${missing.join(' and ')}; ${identity.name} has ${held}.`,
            );
          }
        },
        // Not earlier: a policy restricted before execution makes Apollo's cache control plugin
        // skip the fields' hints. Whichever of the two plugins runs last, the answer is private.
        async willSendResponse({ contextValue, overallCachePolicy, response }) {
          if (contextValue.identity?.via === 'open') return;
          overallCachePolicy.restrict({ scope: 'PRIVATE' });
          const header = response.http.headers.get('cache-control');
          if (header !== undefined && /\bpublic\b/.test(header)) {
            response.http.headers.set('cache-control', header.replace(/\bpublic\b/, 'private'));
          }
        },
      };
    },
  };
}

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.Forbidden, http: { status: 403 } },
  });
}
