import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';

import { startService, type RunningService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { silentLogger } from '../../src/logging/logger';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator';
import { IN_MEMORY } from '../../src/store';

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
  /** Sends any request to /graphql, body as given (a string or bytes). */
  send(options: {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
    search?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * Starts the service as `serve` would (schema, Apollo, limits, routes), configured by `env` on
 * top of: port 0, no rate limit, a 20 s query budget, demo auth (off). The store is in memory
 * unless `storePath` says otherwise; the simulator's clock is pinned to `now` and drives the
 * gateway's window too.
 */
export async function startHttpRig(options: {
  now: string;
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  storePath?: string;
}): Promise<HttpRig> {
  const simulator = await startSimulator({ users: 300, readyAfterMs: 0, ...options.simulator });
  simulator.clock.set(options.now);
  const dataDir = await mkdtemp(join(tmpdir(), 'ltv-reliability-'));
  const config = loadConfig({
    PORT: '0',
    LTV_DATA_DIR: dataDir,
    LTV_RATE_LIMIT_PER_MINUTE: '0',
    LTV_QUERY_SYNC_BUDGET_MS: '20000',
    ...options.env,
  });
  const service = await startService(config, silentLogger(), {
    storePath: options.storePath ?? IN_MEMORY,
    downloadDir: join(dataDir, 'downloads'),
    now: () => simulator.clock.now(),
    skipResume: true,
    upstream: {
      baseUrl: simulator.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      poll: { baseDelayMs: 5, maxDelayMs: 20 },
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    },
  });
  const graphqlUrl = `${service.url.origin}/graphql`;

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
    service,
    simulator,
    graphqlUrl,
    send,
    graphql: (query, variables) =>
      send({
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }),
    async close() {
      await service.close();
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
