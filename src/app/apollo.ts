import type http from 'node:http';

import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';

import type { Config } from '../config/config';
import type { GatewayContext } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { SANDBOX_EXAMPLE } from '../graphql/sandbox-example';
import type { Logger } from '../logging/logger';

/**
 * Creates Apollo Server for the schema. Outside production the Sandbox landing page opens with
 * an example operation and stack traces are included; in production neither. Unexpected errors
 * are logged in full and reach clients as INTERNAL_SERVER_ERROR (see `formatError`).
 */
export function createApollo(
  schema: GraphQLSchema,
  config: Config,
  logger: Logger,
  httpServer?: http.Server,
): ApolloServer<GatewayContext> {
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    config.production
      ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
      : ApolloServerPluginLandingPageLocalDefault({
          footer: false,
          embed: true,
          document: SANDBOX_EXAMPLE.document,
          variables: SANDBOX_EXAMPLE.variables,
        }),
  ];
  if (httpServer) plugins.push(ApolloServerPluginDrainHttpServer({ httpServer }));
  const log = logger.child({ module: 'graphql' });
  return new ApolloServer<GatewayContext>({
    schema,
    logger: log,
    includeStacktraceInErrorResponses: !config.production,
    // The service stops everything in order on signals; Apollo must not re-raise them first.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, log),
    plugins,
  });
}
