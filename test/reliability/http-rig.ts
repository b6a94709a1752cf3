import type { Readable } from 'node:stream';

import { request } from 'undici';

import type { RunningService } from '../../src/app/service';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulator';
import { startSimulatedService } from '../support/simulated-service';

/** One answer of the service: status, headers, text and the parsed JSON body (or the text). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** From sending the request to having the whole body, in milliseconds. */
  readonly ms: number;
}

/** The whole service over real HTTP on port 0, fed by a simulator on a pinned clock. */
export interface HttpRig {
  readonly service: RunningService;
  readonly simulator: RunningSimulator;
  /** The GraphQL endpoint, e.g. http://127.0.0.1:40123/graphql. */
  readonly graphqlUrl: string;
  /** POSTs one GraphQL request as JSON. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<HttpAnswer>;
  /** Sends any request to /graphql, body as given (text, bytes, or a stream sent chunked). */
  send(options: {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
    search?: string;
    headers?: Record<string, string>;
    body?: string | Buffer | Readable;
  }): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * Starts the service as `serve` would (schema, Apollo, limits, routes) through the shared
 * simulated-service rig, configured by `env` on top of: port 0, no rate limit, a 20 s query
 * budget, demo auth (off), and no resumption of earlier jobs. The store is in memory unless
 * `store` is 'file' (in `dataDir`); the simulator's clock is pinned to `now` and drives the
 * gateway's window too.
 */
export async function startHttpRig(options: {
  now: string;
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  store?: 'memory' | 'file';
  dataDir?: string;
}): Promise<HttpRig> {
  const running = await startSimulatedService({
    now: options.now,
    simulator: { users: 300, ...options.simulator },
    env: { LTV_RATE_LIMIT_PER_MINUTE: '0', LTV_QUERY_SYNC_BUDGET_MS: '20000', ...options.env },
    store: options.store,
    dataDir: options.dataDir,
    skipResume: true,
  });
  const graphqlUrl = `${running.base}/graphql`;

  const send: HttpRig['send'] = async ({ method = 'POST', search = '', headers, body }) => {
    const started = performance.now();
    const response = await request(`${graphqlUrl}${search}`, { method, headers, body });
    const text = await response.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the text is the body.
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      text,
      body: parsed,
      ms: performance.now() - started,
    };
  };

  return {
    service: running.service,
    simulator: running.simulator,
    graphqlUrl,
    send,
    graphql: (query, variables) =>
      send({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }),
    close: () => running.close(),
  };
}
