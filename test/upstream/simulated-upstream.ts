import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import pino from 'pino';

import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator';
import {
  createUpstreamClient,
  type UpstreamCallEvent,
  type UpstreamClient,
  type UpstreamClientOptions,
} from '../../src/upstream';

/** A simulator, a client wired to it with millisecond backoffs, a temp directory and the logs. */
export interface SimulatedUpstream {
  readonly simulator: RunningSimulator;
  readonly client: UpstreamClient;
  readonly directory: string;
  /** Every log line the client wrote, parsed, debug level included. */
  readonly logs: Array<Record<string, unknown>>;
  /** Every call the client reported through `onCall`. */
  readonly calls: UpstreamCallEvent[];
  close(): Promise<void>;
}

/** A pullable day for the pinned clock below (8 days before it). */
export const DAY = '2026-11-20';
export const PINNED_AT = '2026-11-28T13:00:00.000Z';
export const USERS = 40;

/**
 * Starts a small simulator with its clock pinned to PINNED_AT and files ready at once, and a
 * client sharing that clock. Backoffs are a few milliseconds so failure paths run fast.
 */
export async function startSimulatedUpstream(
  simulatorOptions: SimulatorOptions = {},
  clientOptions: Partial<UpstreamClientOptions> = {},
): Promise<SimulatedUpstream> {
  const simulator = await startSimulator({ users: USERS, readyAfterMs: 0, ...simulatorOptions });
  simulator.clock.set(PINNED_AT);
  const directory = await mkdtemp(path.join(os.tmpdir(), 'ltv-upstream-'));
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const calls: UpstreamCallEvent[] = [];
  const client = createUpstreamClient({
    baseUrl: simulator.url,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    logger,
    now: () => simulator.clock.now(),
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 },
    poll: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 2_000 },
    onCall: (event) => calls.push(event),
    ...clientOptions,
  });

  return {
    simulator,
    client,
    directory,
    logs,
    calls,
    async close() {
      await client.close();
      await simulator.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
