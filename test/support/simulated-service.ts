import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { GatewayOverrides } from '../../src/app/gateway';
import { startService, type RunningService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { type Logger, silentLogger } from '../../src/logging/logger';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator';
import { IN_MEMORY } from '../../src/store';

/**
 * The upstream override that points a gateway at a test's simulator, with millisecond backoffs
 * so faults cost the suite no time.
 */
export function simulatorUpstream(simulator: RunningSimulator): GatewayOverrides['upstream'] {
  return {
    baseUrl: simulator.url,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    poll: { baseDelayMs: 5, maxDelayMs: 20 },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  };
}

/** A real service on port 0 fed by a simulator on a pinned clock. */
export interface SimulatedService {
  readonly simulator: RunningSimulator;
  readonly service: RunningService;
  /** The service's origin, e.g. http://127.0.0.1:40123. */
  readonly base: string;
  readonly dataDir: string;
  /** Stops the service (once, however often it is called). */
  stop(): Promise<void>;
  /** Stops the service, then closes the simulator and removes the data folder, if it made them. */
  close(): Promise<void>;
}

/** What a test may choose; everything else is the demo configuration on port 0. */
export interface SimulatedServiceOptions {
  /** The simulated wall clock, pinned; both the simulator and the gateway read it. */
  readonly now?: string;
  readonly simulator?: SimulatorOptions;
  /** Reuse a running simulator (it is not closed with the service). */
  readonly existingSimulator?: RunningSimulator;
  /** Configuration beyond port, data folder and a generous sync budget. */
  readonly env?: Record<string, string>;
  readonly logger?: Logger;
  /** 'file' keeps the store in the data folder, so a later service can reopen it. */
  readonly store?: 'memory' | 'file';
  /** Use this data folder (it is not removed with the service). */
  readonly dataDir?: string;
  readonly skipResume?: boolean;
}

/** Starts a simulator (unless given one), then the service over it. */
export async function startSimulatedService(
  options: SimulatedServiceOptions = {},
): Promise<SimulatedService> {
  const simulator =
    options.existingSimulator ??
    (await startSimulator({ users: 200, readyAfterMs: 0, ...options.simulator }));
  simulator.clock.set(options.now ?? '2026-11-28T13:00:00Z');
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ltv-service-')));
  const config = loadConfig({
    PORT: '0',
    LTV_DATA_DIR: dataDir,
    LTV_QUERY_SYNC_BUDGET_MS: '60000',
    ...options.env,
  });
  const service = await startService(config, options.logger ?? silentLogger(), {
    storePath: options.store === 'file' ? join(dataDir, 'ltv.duckdb') : IN_MEMORY,
    now: () => simulator.clock.now(),
    skipResume: options.skipResume,
    upstream: simulatorUpstream(simulator),
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= service.close());

  return {
    simulator,
    service,
    base: service.url.origin,
    dataDir,
    stop,
    async close() {
      await stop();
      if (!options.existingSimulator) await simulator.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
