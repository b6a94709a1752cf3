import { performance } from 'node:perf_hooks';

import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

import type { GatewayMetrics } from './gateway-metrics';

/**
 * Feeds `metrics` from Apollo Server, once per operation (each operation of a batch counts):
 * count and duration by operation name, each error of the response by the code the client saw,
 * and two caches:
 * - `apq`: a persisted query sent as a hash alone, found (hit) or not (miss);
 * - `document`: Apollo's cache of parsed and validated documents, by query hash.
 * Requests refused before an operation starts (bad credentials, rate limit, body size) never
 * reach a plugin; `ltv_http_requests_total` counts them by status.
 */
export function graphqlMetricsPlugin<TContext extends BaseContext>(
  metrics: GatewayMetrics,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(start) {
      const started = performance.now();
      const hashOnly =
        start.request.extensions?.persistedQuery !== undefined && !start.request.query;
      let sourceKnown = false;
      let parsed = false;

      return {
        async didResolveSource() {
          sourceKnown = true;
        },
        async parsingDidStart() {
          parsed = true;
        },
        async willSendResponse(end) {
          const seconds = (performance.now() - started) / 1000;
          metrics.recordOperation(end.operationName, seconds);

          const codes = errorsOf(end.response).map(codeOf);
          for (const code of codes) metrics.recordError(code);
          if (hashOnly && end.metrics.persistedQueryHit) metrics.recordCacheLookup('apq', true);
          if (hashOnly && codes.includes('PERSISTED_QUERY_NOT_FOUND')) {
            metrics.recordCacheLookup('apq', false);
          }
          // Apollo looks a document up by its hash once the source is known, and parses on a miss.
          if (sourceKnown) metrics.recordCacheLookup('document', !parsed);
        },
      };
    },
  };
}

function errorsOf(response: GraphQLResponse): readonly GraphQLFormattedError[] {
  const { body } = response;
  return (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
}

function codeOf(error: GraphQLFormattedError): string {
  const code = error.extensions?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}
