import { join } from 'node:path';

import { pullableRange } from '../availability/window';
import type { Config } from '../config/config';
import { CoverageService } from '../coverage/coverage-service';
import type { GatewayServices } from '../graphql/context';
import type { Logger } from '../logging/logger';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  startSimulator,
  type RunningSimulator,
} from '../simulator';
import { openExportLinks } from '../segments/export-links';
import { Store, storeFilePath } from '../store';
import { ReportSync } from '../sync/report-sync';
import { createUpstreamClient, type UpstreamClientOptions, type UpstreamClient } from '../upstream';

/** Choices tests and tools make instead of the configuration. */
export interface GatewayOverrides {
  /** The DuckDB file, or ':memory:'; default `<LTV_DATA_DIR>/ltv.duckdb`. */
  readonly storePath?: string;
  /** Where files download; default `<LTV_DATA_DIR>/downloads`. */
  readonly downloadDir?: string;
  /** The clock of the availability rule and of URL expiry. */
  readonly now?: () => Date;
  /** Talk to this upstream (e.g. a test's simulator) instead of the configured one. */
  readonly upstream?: Pick<UpstreamClientOptions, 'baseUrl' | 'clientId' | 'clientSecret'> &
    Partial<Pick<UpstreamClientOptions, 'poll' | 'retry'>>;
  /** Do not resume jobs a stopped process left (tests that check resumption call it). */
  readonly skipResume?: boolean;
}

/** Everything behind the API, opened and wired: store, upstream, sync, coverage. */
export interface Gateway {
  readonly services: GatewayServices;
  readonly store: Store;
  readonly sync: ReportSync;
  /** The in-process simulator, when serving demo data. */
  readonly simulator: RunningSimulator | undefined;
  /** Fed by the store, the upstream client and the sync from the start; served at /metrics. */
  readonly metrics: GatewayMetrics;
  /** Stops pulls, then closes the upstream, the store and the simulator, in that order. */
  close(): Promise<void>;
}

/**
 * Opens the gateway's parts in order: the upstream (the in-process simulator when no vendor
 * credentials are configured), the store, the report sync (resuming unfinished jobs), and the
 * coverage service the API reads through.
 */
export async function openGateway(
  config: Config,
  logger: Logger,
  overrides: GatewayOverrides = {},
): Promise<Gateway> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  const metrics = new GatewayMetrics();
  try {
    const { simulator, options } = await upstreamOptions(config, logger, overrides);
    if (simulator) closers.push(() => simulator.close());
    const upstream: UpstreamClient = createUpstreamClient({
      ...options,
      logger,
      now: overrides.now,
      source: config.upstream.source,
      poll: { deadlineMs: config.sync.pollDeadlineMs, ...options.poll },
      onCall: (event) => metrics.recordUpstreamCall(event),
    });
    closers.push(() => upstream.close());

    const store = await Store.open({
      path: overrides.storePath ?? storeFilePath(config.dataDir),
      logger,
      statementTimeoutMs: config.limits.statementTimeoutMs,
      memory: { limit: config.storeMemoryLimit, spillDirectory: join(config.dataDir, 'spill') },
    });
    closers.push(() => store.close());
    store.onStatement((event) => metrics.recordStatement(event));

    const sync = await ReportSync.start({
      store,
      upstream,
      rule: config.window,
      downloadDir: overrides.downloadDir ?? join(config.dataDir, 'downloads'),
      logger,
      concurrency: config.sync.concurrency,
      now: overrides.now,
    });
    closers.push(() => sync.close());
    sync.onPullEnded((event) => metrics.recordDayPull(event));
    metrics.watchSync(sync);
    metrics.watchProcess();
    if (!overrides.skipResume) await sync.resume();
    if (simulator) {
      // Demo data: pull the whole window in the background so Sandbox answers at once.
      const window = pullableRange(overrides.now?.() ?? new Date(), config.window);
      void sync.pullRange({ from: window.oldest, to: window.newest });
    }

    const services: GatewayServices = {
      store,
      sync,
      coverage: new CoverageService(sync, config.sync.queryBudgetMs),
      limits: config.api,
      logger,
      exports: openExportLinks(config, logger, overrides.now),
    };
    return { services, store, sync, simulator, metrics, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function upstreamOptions(
  config: Config,
  logger: Logger,
  overrides: GatewayOverrides,
): Promise<{
  simulator: RunningSimulator | undefined;
  options: Omit<UpstreamClientOptions, 'logger'>;
}> {
  if (overrides.upstream) return { simulator: undefined, options: overrides.upstream };
  const { clientId, clientSecret, baseUrl } = config.upstream;
  if (clientId && clientSecret) {
    return { simulator: undefined, options: { baseUrl, clientId, clientSecret } };
  }

  const simulator = await startSimulator({
    users: config.demo.users,
    seed: config.demo.seed,
    readyAfterMs: config.demo.readyAfterMs,
    logger,
  });
  logger.info(
    { simulator: simulator.url, users: config.demo.users },
    'no vendor credentials (DT_CLIENT_ID, DT_CLIENT_SECRET): serving synthetic data from the built-in simulator',
  );
  return {
    simulator,
    options: {
      baseUrl: simulator.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      // The simulator's files are ready in well under a second; poll it briskly.
      poll: { baseDelayMs: 50, maxDelayMs: 500 },
    },
  };
}
