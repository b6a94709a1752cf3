import type http from 'node:http';

import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';

import { scopePlugin } from '../auth/scope-plugin';
import type { Config } from '../config/config';
import type { GatewayContext } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { SANDBOX_EXAMPLE } from '../graphql/sandbox-example';
import { ApqCache } from '../limits/apq-cache';
import { operationLimitsPlugin } from '../limits/operation-limits-plugin';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { graphqlMetricsPlugin } from '../metrics/graphql-metrics-plugin';

/**
 * Creates Apollo Server for the schema. Introspection and the Sandbox landing page follow
 * LTV_INTROSPECTION and LTV_SANDBOX (on outside production, off in it); stack traces are
 * included only outside production. Each operation is held to the depth, alias and cost limits
 * before it runs, documents to a token limit before they are parsed, batches are allowed only
 * when LTV_MAX_BATCH_SIZE is above 0, and automatic persisted queries live in a cache of
 * LTV_APQ_CACHE_BYTES. Unexpected errors are logged in full and reach clients as
 * INTERNAL_SERVER_ERROR (see `formatError`). With `metrics`, every operation is counted and
 * timed by name, and its errors by code.
 */
export function createApollo(
  schema: GraphQLSchema,
  config: Config,
  logger: Logger,
  httpServer?: http.Server,
  metrics?: GatewayMetrics,
): ApolloServer<GatewayContext> {
  const { limits } = config;
  const log = logger.child({ module: 'graphql' });
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    limits.sandbox
      ? ApolloServerPluginLandingPageLocalDefault({
          footer: false,
          embed: true,
          document: SANDBOX_EXAMPLE.document,
          variables: SANDBOX_EXAMPLE.variables,
        })
      : ApolloServerPluginLandingPageDisabled(),
    operationLimitsPlugin(
      {
        maxDepth: limits.maxDepth,
        maxAliases: limits.maxAliases,
        maxCost: limits.maxCost,
        unboundedDays: config.api.maxRangeDays,
      },
      logger,
    ),
  ];
  // Scopes are checked once per operation, before any resolver (src/auth/scope-plugin.ts).
  plugins.push(scopePlugin<GatewayContext>());
  if (httpServer) plugins.push(ApolloServerPluginDrainHttpServer({ httpServer }));
  if (metrics) plugins.push(graphqlMetricsPlugin(metrics));
  if (limits.sandbox && !limits.introspection) {
    log.warn('LTV_SANDBOX is on but LTV_INTROSPECTION is off: Sandbox cannot load the schema');
  }

  return new ApolloServer<GatewayContext>({
    schema,
    logger: log,
    introspection: limits.introspection,
    includeStacktraceInErrorResponses: !config.production,
    allowBatchedHttpRequests: limits.maxBatchSize > 0,
    parseOptions: { maxTokens: limits.maxTokens },
    persistedQueries:
      limits.apqCacheBytes > 0 ? { cache: new ApqCache(limits.apqCacheBytes), ttl: null } : false,
    // The service stops everything in order on signals; Apollo must not re-raise them first.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, log),
    plugins,
  });
}
