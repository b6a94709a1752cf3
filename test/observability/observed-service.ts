import { request } from 'undici';

import type { RunningService } from '../../src/app/service';
import { createLogger } from '../../src/logging/logger';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulator';
import { startSimulatedService } from '../support/simulated-service';

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
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    format: 'json',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  const rig = await startSimulatedService({
    ...options,
    simulator: { users: 200, seed: 5, ...options.simulator },
    env: { LTV_QUERY_SYNC_BUDGET_MS: '20000', ...options.env },
    logger,
  });
  const { simulator, service, base, dataDir, stop } = rig;

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
    close: rig.close,
  };
}
