import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { Logger } from '../logging/logger';
import { acceptRequestId, REQUEST_ID_HEADER, runInRequestScope } from '../logging/request-scope';
import type { Readiness } from './readiness';
import { sendJson } from './responses';

/** A route handler; `url` is the parsed request URL. */
export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<void> | void;

export interface HttpServerOptions {
  /**
   * The routes beyond the built-in `/healthz` and `/readyz`, by exact path. Looked up per
   * request, so a route may be added after the server exists (Apollo Server's drain plugin
   * needs the server before the GraphQL route can be made).
   */
  readonly routes: Record<string, RouteHandler>;
  readonly readiness: Readiness;
  readonly logger: Logger;
  /**
   * Called when each answer ends (sent, or cut off by the client) with the matched route path
   * (or `unmatched`), the status code and the seconds since the request arrived: for metrics.
   */
  readonly onAnswered?: (route: string, status: number, seconds: number) => void;
}

/**
 * Creates the service's one Node http server. `/healthz` answers while the process runs;
 * `/readyz` answers 200 only while every readiness check holds. An exception in a route is
 * logged in full and answered as a bare 500, never with its stack.
 *
 * Every request gets a request id (the caller's valid `x-request-id`, else a new one), returned
 * in the `x-request-id` response header; the route runs in its request scope, so every log line
 * of its work carries the id (see src/logging/request-scope.ts).
 */
export function createHttpServer(options: HttpServerOptions): http.Server {
  const logger = options.logger.child({ module: 'http' });
  const builtIn: Record<string, RouteHandler> = {
    '/healthz': (_request, response) => sendJson(response, 200, { status: 'alive' }),
    '/readyz': (_request, response) => {
      const report = options.readiness.report();
      sendJson(response, report.ready ? 200 : 503, report);
    },
  };

  return http.createServer((request, response) => {
    const started = performance.now();
    const requestId = acceptRequestId(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = builtIn[url.pathname] ?? options.routes[url.pathname];
    if (options.onAnswered) {
      const onAnswered = options.onAnswered;
      const label = route === undefined ? 'unmatched' : url.pathname;
      response.once('close', () =>
        onAnswered(label, response.statusCode, (performance.now() - started) / 1000),
      );
    }
    if (!route) {
      sendJson(response, 404, { error: 'not_found', message: `No route at ${url.pathname}.` });
      return;
    }
    runInRequestScope(requestId, () => {
      Promise.resolve()
        .then(() => route(request, response, url))
        .catch((error: unknown) => {
          logger.error({ err: error, path: url.pathname }, 'request failed');
          if (response.headersSent) response.destroy();
          else
            sendJson(response, 500, { error: 'internal_server_error', message: 'Internal error.' });
        });
    });
  });
}

/** Listens and resolves with the address actually bound (port 0 picks a free port). */
export async function listen(server: http.Server, host: string, port: number): Promise<URL> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('Server has no TCP address.');
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return new URL(`http://${shownHost}:${address.port}`);
}
