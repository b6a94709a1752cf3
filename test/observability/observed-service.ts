import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';

import { startService, type RunningService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator';
import { IN_MEMORY } from '../../src/store';

/** One JSON log line as pino wrote it. */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

/** pino's number for the info level; warn, error and fatal are above it. */
export const INFO = 30;

/** An HTTP answer: status, headers and the body parsed as JSON when it is JSON. */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: T;
}

/**
 * A real service on port 0 fed by a simulator on a pinned clock, whose every log line (down to
 * debug) is captured as parsed JSON, for tests of what operators see.
 */
export interface ObservedService {
  readonly simulator: RunningSimulator;
  readonly service: RunningService;
  readonly base: string;
  readonly lines: LogLine[];
  /** Posts one GraphQL request body; returns the answer whatever its status. */
  post<T = { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] }>(
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Answer<T>>;
  get(path: string, headers?: Record<string, string>): Promise<Answer<string>>;
  /** Shuts the service down (once, however often it is called). */
  stop(): Promise<void>;
  /** Stops the service, then closes the simulator and removes the data folder it made. */
  close(): Promise<void>;
}

/** Starts one; `storePath` 'file' keeps the store in the data folder so it can be reopened. */
export async function startObservedService(options: {
  now: string;
  simulator?: SimulatorOptions;
  env?: Record<string, string>;
  store?: 'memory' | 'file';
  dataDir?: string;
  existingSimulator?: RunningSimulator;
}): Promise<ObservedService & { dataDir: string }> {
  const simulator =
    options.existingSimulator ??
    (await startSimulator({ users: 200, seed: 5, readyAfterMs: 0, ...options.simulator }));
  simulator.clock.set(options.now);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ltv-observed-')));
  const config = loadConfig({
    PORT: '0',
    LTV_DATA_DIR: dataDir,
    LTV_QUERY_SYNC_BUDGET_MS: '20000',
    ...options.env,
  });
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    format: 'json',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  const service = await startService(config, logger, {
    storePath: options.store === 'file' ? join(dataDir, 'ltv.duckdb') : IN_MEMORY,
    now: () => simulator.clock.now(),
    upstream: {
      baseUrl: simulator.url,
      clientId: 'simulator-client',
      clientSecret: 'simulator-secret',
      poll: { baseDelayMs: 5, maxDelayMs: 20 },
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    },
  });
  const base = service.url.origin;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= service.close());

  return {
    simulator,
    service,
    base,
    lines,
    dataDir,
    async post(body, headers = {}) {
      const response = await request(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return {
        status: response.statusCode,
        headers: response.headers,
        body: (await response.body.json()) as never,
      };
    },
    async get(path, headers = {}) {
      const response = await request(`${base}${path}`, { headers });
      return {
        status: response.statusCode,
        headers: response.headers,
        body: await response.body.text(),
      };
    },
    stop,
    async close() {
      await stop();
      if (!options.existingSimulator) await simulator.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
