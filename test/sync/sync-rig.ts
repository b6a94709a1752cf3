import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { silentLogger } from '../../src/logging/logger';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulator';
import { IN_MEMORY, Store } from '../../src/store';
import { ReportSync } from '../../src/sync/report-sync';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream';

/** Noon has passed: 2026-02-26 through 2026-03-09 are pullable. */
export const AFTERNOON = '2026-03-10T13:00:00.000Z';

/** A report sync wired to a real simulator over HTTP and a real DuckDB store. */
export interface SyncRig {
  readonly simulator: RunningSimulator;
  readonly store: Store;
  readonly upstream: UpstreamClient;
  readonly sync: ReportSync;
  /** Where files download while a pull runs; empty between pulls. */
  readonly downloadDir: string;
  /** Opens a second sync over the same store and upstream, as a restarted process would. */
  restart(): Promise<ReportSync>;
  close(): Promise<void>;
}

/** Starts a rig; the simulator's clock is pinned to AFTERNOON and drives the sync's rule too. */
export async function startSyncRig(
  options: {
    simulator?: SimulatorOptions;
    storePath?: string;
    pollDeadlineMs?: number;
    concurrency?: number;
  } = {},
): Promise<SyncRig> {
  const simulator = await startSimulator({ users: 300, readyAfterMs: 0, ...options.simulator });
  simulator.clock.set(AFTERNOON);
  const now = () => simulator.clock.now();
  const logger = silentLogger();
  const downloadDir = await mkdtemp(join(tmpdir(), 'ltv-sync-'));
  const store = await Store.open({ path: options.storePath ?? IN_MEMORY, logger });
  const upstream = createUpstreamClient({
    baseUrl: simulator.url,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    logger,
    now,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    poll: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: options.pollDeadlineMs ?? 10_000 },
  });
  const open = () =>
    ReportSync.start({
      store,
      upstream,
      rule: { windowDays: 12, availableHourUtc: 12 },
      downloadDir,
      logger,
      concurrency: options.concurrency ?? 2,
      now,
    });
  const syncs = [await open()];

  return {
    simulator,
    store,
    upstream,
    sync: syncs[0],
    downloadDir,
    async restart() {
      const next = await open();
      syncs.push(next);
      return next;
    },
    async close() {
      for (const sync of syncs) await sync.close();
      await upstream.close();
      await store.close();
      await simulator.close();
      await rm(downloadDir, { recursive: true, force: true });
    },
  };
}
