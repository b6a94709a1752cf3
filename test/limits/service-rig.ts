import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';

import { startService, type RunningService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { silentLogger } from '../../src/logging/logger';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { IN_MEMORY } from '../../src/store';

/** An answer of /graphql: status, headers and the parsed body (text when not JSON). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The service over HTTP on port 0, fed by a simulator on a pinned clock, with an in-memory store. */
export interface ServiceRig {
  readonly service: RunningService;
  readonly simulator: RunningSimulator;
  /** POSTs a JSON body (any value, e.g. a batch array) to /graphql. */
  post(body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** GETs /graphql with the given query string parameters. */
  get(params: Record<string, string>, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** Starts a service whose configuration is `env` on top of port 0. */
export async function startServiceRig(options: {
  env: Record<string, string>;
  now?: string;
  users?: number;
}): Promise<ServiceRig> {
  const simulator = await startSimulator({ users: options.users ?? 200, readyAfterMs: 0 });
  simulator.clock.set(options.now ?? '2026-11-28T13:00:00Z');
  const dataDir = await mkdtemp(join(tmpdir(), 'ltv-limits-'));
  const config = loadConfig({
    PORT: '0',
    LTV_DATA_DIR: dataDir,
    LTV_QUERY_SYNC_BUDGET_MS: '20000',
    ...options.env,
  });
  const service = await startService(config, silentLogger(), {
    storePath: IN_MEMORY,
    now: () => simulator.clock.now(),
    skipResume: true,
    upstream: {
      baseUrl: simulator.url,
      clientId: 'simulator-client',
      clientSecret: 'simulator-secret',
      poll: { baseDelayMs: 5, maxDelayMs: 20 },
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    },
  });
  const url = `${service.url.origin}/graphql`;

  const answer = async (response: Awaited<ReturnType<typeof request>>): Promise<HttpAnswer> => {
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (an HTML page): the text is the body.
    }
    return { status: response.statusCode, headers: response.headers, text, body };
  };

  return {
    service,
    simulator,
    async post(body, headers = {}) {
      const text = JSON.stringify(body);
      return answer(
        await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: text,
        }),
      );
    },
    async get(params, headers = {}) {
      const search = new URLSearchParams(params).toString();
      return answer(
        await request(`${url}?${search}`, {
          headers: { 'apollo-require-preflight': 'true', ...headers },
        }),
      );
    },
    async close() {
      await service.close();
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
