import type { IncomingMessage, ServerResponse } from 'node:http';

import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';

import { readBody, RequestBodyError } from './request-body';
import { sendJson } from './responses';

/** Options of the `/graphql` route. */
export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  /** Builds the per-request context (DataLoaders, identity); called once per HTTP request. */
  readonly context: (request: IncomingMessage) => Promise<TContext>;
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
}

/**
 * Serves `/graphql` through Apollo Server's transport-neutral entry point, so the server keeps
 * its own routes (health, readiness, exports) on one plain Node http server. A body that is too
 * large or not JSON is answered here with a 4xx GraphQL-shaped error, never an HTML stack trace.
 */
export function createGraphQLHandler<TContext extends BaseContext>(
  options: GraphQLHandlerOptions<TContext>,
) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    let body: unknown;
    try {
      body = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof RequestBodyError)) throw error;
      sendJson(response, error.status, {
        errors: [{ message: error.message, extensions: { code: error.code } }],
      });
      return;
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }

    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(request),
    });

    response.statusCode = result.status ?? 200;
    for (const [name, value] of result.headers) response.setHeader(name, value);
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}
