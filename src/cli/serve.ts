import { startService } from '../app/service';
import { describeConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { parseCommandArguments } from './arguments';
import { readConfigOrReport } from './read-config';
import { untilStopped } from './until-stopped';

const USAGE = `Usage: ltv-gateway serve

Serves the GraphQL API at http://HOST:PORT/graphql, with /healthz, /readyz and /metrics.
Configuration comes from the environment (see the README): PORT, HOST, LOG_LEVEL,
LTV_DATA_DIR, DT_BASE_URL, DT_CLIENT_ID, DT_CLIENT_SECRET and the LTV_* settings.
Without vendor credentials it starts the built-in simulator and serves its synthetic data.`;

/** `ltv-gateway serve`: runs until SIGTERM or SIGINT, then shuts down in order. */
export async function runServe(args: string[]): Promise<number> {
  if (!parseCommandArguments(args, USAGE, {})) return 0;

  const config = readConfigOrReport();
  if (!config) return 1;

  const logger = createLogger(config.log);
  logger.debug({ config: describeConfig(config) }, 'configuration read');
  const service = await startService(config, logger);

  const signal = await untilStopped();
  logger.info({ signal }, 'shutting down');
  try {
    await service.close();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    return 1;
  }
  logger.info('stopped');
  return 0;
}
