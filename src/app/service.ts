import { setTimeout as sleep } from 'node:timers/promises';

import { announceAuth } from '../auth/announce';
import { createAuthenticator } from '../auth/authenticator';
import { requestIdentifier } from '../auth/request-identity';
import type { Config } from '../config/config';
import { createContext } from '../graphql/context';
import { buildGatewaySchema } from '../graphql/schema';
import { batchScreen } from '../limits/batch-screen';
import { rateLimitGate } from '../limits/rate-limit-gate';
import { RateLimiter } from '../limits/rate-limiter';
import { safelistScreen } from '../limits/safelist-screen';
import type { Logger } from '../logging/logger';
import { createMetricsRoute, METRICS_PATH } from '../metrics/metrics-route';
import { EXPORT_PATH } from '../segments/export-links';
import { createExportRoute } from '../segments/export-route';
import { createGraphQLHandler } from '../server/graphql-handler';
import { createHttpServer, listen, type RouteHandler } from '../server/http-server';
import { Readiness } from '../server/readiness';
import { createApollo } from './apollo';
import { openGateway, type Gateway, type GatewayOverrides } from './gateway';

/** A started service: where it listens and how to stop it. */
export interface RunningService {
  readonly url: URL;
  readonly readiness: Readiness;
  readonly gateway: Gateway;
  /** Stops accepting work, lets in-flight requests finish, then closes everything it opened. */
  close(): Promise<void>;
}

/**
 * Starts the service in a straight line: gateway (upstream, store, sync), schema, Apollo
 * Server, http server, listen. `close` undoes it in reverse: readiness goes false first (and
 * stays so for LTV_SHUTDOWN_DELAY_MS while requests are still served), then Apollo drains the
 * http server (no new connections; requests in flight finish), then the gateway closes (pulls
 * stop where they are, their jobs saved for the next start).
 */
export async function startService(
  config: Config,
  logger: Logger,
  overrides: GatewayOverrides = {},
): Promise<RunningService> {
  const readiness = new Readiness();
  const gateway = await openGateway(config, logger, overrides);
  let storeOpen = true;
  readiness.require('store', () => storeOpen);

  try {
    const schema = await buildGatewaySchema();
    readiness.require('schema', () => true);

    const routes: Record<string, RouteHandler> = {};
    const { metrics } = gateway;
    const httpServer = createHttpServer({
      readiness,
      logger,
      routes,
      onAnswered: (route, status, seconds) => metrics.recordHttp(route, status, seconds),
    });
    const apollo = createApollo(schema, config, logger, httpServer, metrics);
    await apollo.start();
    // Authentication runs as the context is built: after the landing page, before any parsing.
    const identify = requestIdentifier(createAuthenticator(config.auth, logger), logger);
    routes['/graphql'] = createGraphQLHandler({
      apollo,
      context: async (request) =>
        createContext(gateway.services, {
          host: request.headers.host,
          identity: await identify(request),
        }),
      ...requestLimits(config, logger),
    });
    routes[EXPORT_PATH] = createExportRoute({
      links: gateway.services.exports,
      store: gateway.store,
      logger,
    });

    const { metricsToken, shutdownDelayMs } = config.observability;
    routes[METRICS_PATH] = createMetricsRoute({
      render: () => metrics.render(),
      token: metricsToken,
    });

    const url = await listen(httpServer, config.server.host, config.server.port);
    logger.info({ url: `${url.origin}/graphql` }, 'server listening');
    announceAuth(config.auth, logger);
    logger.info(
      {
        url: `${url.origin}${METRICS_PATH}`,
        access: metricsToken === undefined ? 'open' : 'bearer token',
      },
      'metrics served',
    );

    return {
      url,
      readiness,
      gateway,
      async close() {
        readiness.markStopping();
        if (shutdownDelayMs > 0) {
          logger.info({ shutdownDelayMs }, 'readiness off, serving until the shutdown delay ends');
          await sleep(shutdownDelayMs);
        }
        await apollo.stop();
        storeOpen = false;
        await gateway.close();
      },
    };
  } catch (error) {
    await gateway.close();
    throw error;
  }
}

/** The GraphQL route's own limits: body size, batch size, safelist, rate limit. */
function requestLimits(config: Config, logger: Logger) {
  const { limits } = config;
  const screens = [batchScreen(limits.maxBatchSize)];
  if (limits.safelist) {
    screens.push(safelistScreen(limits.safelist.operations, logger));
    logger.info(
      { path: limits.safelist.path, operations: limits.safelist.operations.length },
      'safelist on: only listed operations run',
    );
  }
  const admit = limits.rateLimit && rateLimitGate(new RateLimiter(limits.rateLimit), logger);
  return { maxBodyBytes: limits.maxBodyBytes, screens, admit };
}
