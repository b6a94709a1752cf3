import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';

import type { Config } from '../config/config';
import { buildGatewaySchema } from '../graphql/schema';
import type { Logger } from '../logging/logger';
import { createGraphQLHandler } from '../server/graphql-handler';
import { createHttpServer, listen, type RouteHandler } from '../server/http-server';
import { Readiness } from '../server/readiness';

/** A started service: where it listens and how to stop it. */
export interface RunningService {
  readonly url: URL;
  readonly readiness: Readiness;
  /** Stops accepting work, lets in-flight requests finish, then closes everything it opened. */
  close(): Promise<void>;
}

/**
 * Starts the service in a straight line: schema, Apollo Server, http server, listen. Each step
 * registers what it must undo, and `close` undoes them in reverse order.
 */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const readiness = new Readiness();
  const closers: Array<() => Promise<void>> = [];

  const schema = await buildGatewaySchema();
  readiness.require('schema', () => true);

  const routes: Record<string, RouteHandler> = {};
  const httpServer = createHttpServer({ readiness, logger, routes });
  const apollo = new ApolloServer({
    schema,
    logger: logger.child({ module: 'apollo' }),
    includeStacktraceInErrorResponses: !config.production,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ footer: false, embed: true }),
    ],
  });
  await apollo.start();
  closers.push(() => apollo.stop());

  routes['/graphql'] = createGraphQLHandler({
    apollo,
    context: async () => ({}),
    maxBodyBytes: 1024 * 1024,
  });
  const url = await listen(httpServer, config.server.host, config.server.port);
  logger.info({ url: `${url.origin}/graphql` }, 'server listening');

  return {
    url,
    readiness,
    async close() {
      readiness.markStopping();
      for (const close of closers.reverse()) await close();
    },
  };
}
