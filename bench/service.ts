import { join } from 'node:path';

import { startService, type RunningService } from '../src/app/service';
import { loadConfig } from '../src/config/config';
import { silentLogger } from '../src/logging/logger';
import { startSimulator, type RunningSimulator } from '../src/simulator';
import { GraphQLClient } from './graphql-client';

/** The product as its users meet it: the service over HTTP on a loopback port. */
export interface BenchService {
  readonly service: RunningService;
  readonly client: GraphQLClient;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the service on `storePath`, exactly as `serve` does, with the limits that would refuse
 * a benchmark's load turned off: no authentication, no rate limit. Its upstream is a small
 * simulator that is never asked for anything, since the benchmark's days are older than the
 * vendor window: queries read what is stored and never wait for a pull.
 */
export async function startBenchService(storePath: string, workDir: string): Promise<BenchService> {
  const simulator: RunningSimulator = await startSimulator({ users: 1000, readyAfterMs: 0 });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    LTV_DATA_DIR: workDir,
    LTV_AUTH: 'off',
    LTV_RATE_LIMIT_PER_MINUTE: '0',
    LTV_SANDBOX: 'false',
    LTV_QUERY_SYNC_BUDGET_MS: '0',
    // The store's memory limit is the operator's choice; a run can try another one.
    ...(process.env.LTV_STORE_MEMORY_LIMIT === undefined
      ? {}
      : { LTV_STORE_MEMORY_LIMIT: process.env.LTV_STORE_MEMORY_LIMIT }),
  });
  const service = await startService(config, silentLogger(), {
    storePath,
    downloadDir: join(workDir, 'downloads'),
    upstream: {
      baseUrl: simulator.url,
      clientId: 'simulator-client',
      clientSecret: 'simulator-secret',
    },
    skipResume: true,
  });
  const url = `${service.url.origin}/graphql`;
  const client = new GraphQLClient(url);
  return {
    service,
    client,
    url,
    async close() {
      await client.close();
      await service.close();
      await simulator.close();
    },
  };
}
