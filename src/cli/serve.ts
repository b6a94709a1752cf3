import { startService } from '../app/service';
import { describeConfig, loadConfig } from '../config/config';
import { ConfigurationError } from '../config/configuration-error';
import { createLogger } from '../logging/logger';
import { parseCommandArguments } from './arguments';

const USAGE = `Usage: ltv-gateway serve

Serves the GraphQL API at http://HOST:PORT/graphql, with /healthz and /readyz.
Configuration comes from the environment (see the README): PORT, HOST, LOG_LEVEL,
LTV_DATA_DIR, DT_BASE_URL, DT_CLIENT_ID, DT_CLIENT_SECRET and the LTV_* settings.
Without vendor credentials it starts the built-in simulator and serves its synthetic data.`;

/** `ltv-gateway serve`: runs until SIGTERM or SIGINT, then shuts down in order. */
export async function runServe(args: string[]): Promise<number> {
  if (!parseCommandArguments(args, USAGE, {})) return 0;

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    return 1;
  }

  const logger = createLogger(config.log);
  logger.debug({ config: describeConfig(config) }, 'configuration read');
  const service = await startService(config, logger);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      service.close().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  logger.info('stopped');
  return 0;
}
