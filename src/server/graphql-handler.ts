import type { IncomingMessage, ServerResponse } from 'node:http';

import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';

import { readBody } from './request-body';
import { RequestRefusal } from './request-refusal';
import { sendJson } from './responses';

/** A GraphQL HTTP request as the route hands it to Apollo Server. */
export interface GraphQLHttpParts {
  readonly method: string;
  /** The parsed JSON body (an object, or an array for a batch), text, or undefined. */
  readonly body: unknown;
  /** The query string, with its leading '?' (GET requests carry the operation there). */
  readonly search: string;
}

/**
 * Looks at a request before Apollo Server does (batch size, safelist): returns it, possibly
 * rewritten, or throws `RequestRefusal`.
 */
export type RequestScreen = (parts: GraphQLHttpParts) => GraphQLHttpParts;

/**
 * Decides whether a request may run once its context exists (rate limits); `context` is
 * undefined when building it failed, e.g. bad credentials. Throws a GraphQLError whose
 * `extensions.http` sets the status and headers to refuse.
 */
export type RequestAdmission<TContext> = (
  request: IncomingMessage,
  context: TContext | undefined,
  operations: number,
) => void;

/** Options of the `/graphql` route. */
export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  /** Builds the per-request context (DataLoaders, identity); called once per HTTP request. */
  readonly context: (request: IncomingMessage) => Promise<TContext>;
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Run in order on every request before Apollo Server sees it. */
  readonly screens?: readonly RequestScreen[];
  readonly admit?: RequestAdmission<TContext>;
}

/**
 * Serves `/graphql` through Apollo Server's transport-neutral entry point, so the server keeps
 * its own routes (health, readiness, exports) on one plain Node http server. A body that is too
 * large or not JSON, or a request a screen refuses, is answered here with a 4xx GraphQL-shaped
 * error, never an HTML stack trace.
 */
export function createGraphQLHandler<TContext extends BaseContext>(
  options: GraphQLHandlerOptions<TContext>,
) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    let parts: GraphQLHttpParts;
    try {
      parts = {
        method: request.method ?? 'GET',
        body: await readBody(request, options.maxBodyBytes),
        search: url.search,
      };
      for (const screen of options.screens ?? []) parts = screen(parts);
    } catch (error) {
      if (!(error instanceof RequestRefusal)) throw error;
      sendJson(response, error.status, {
        errors: [{ message: error.message, extensions: { code: error.code, ...error.extensions } }],
      });
      return;
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }

    const operations = Array.isArray(parts.body) ? parts.body.length : 1;
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { ...parts, headers },
      context: () => admitted(options, request, operations),
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

/** Builds the context and lets `admit` refuse the request, also when building failed. */
async function admitted<TContext extends BaseContext>(
  options: GraphQLHandlerOptions<TContext>,
  request: IncomingMessage,
  operations: number,
): Promise<TContext> {
  let context: TContext;
  try {
    context = await options.context(request);
  } catch (error) {
    options.admit?.(request, undefined, operations);
    throw error;
  }
  options.admit?.(request, context, operations);
  return context;
}
