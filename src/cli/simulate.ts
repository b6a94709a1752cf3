import { createLogger } from '../logging/logger';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  InvalidSimulatorOptionsError,
  startSimulator,
} from '../simulator';
import { integerOption, parseCommandArguments } from './arguments';
import { untilStopped } from './until-stopped';

const USAGE = `Usage: ltv-gateway simulate [options]

Runs the built-in simulator of Digital Turbine's User Level Reporting API alone and prints
the URL it listens on. Point a gateway at it with DT_BASE_URL, DT_CLIENT_ID and
DT_CLIENT_SECRET. About 40 % of the population appears in each day's file.`;

const OPTIONS = {
  port: { type: 'string', description: 'TCP port; 0 picks a free one.', default: '0' },
  host: { type: 'string', description: 'Interface to listen on.', default: '127.0.0.1' },
  'client-id': { type: 'string', description: 'Accepted client id.', default: DEFAULT_CLIENT_ID },
  'client-secret': {
    type: 'string',
    description: 'Accepted client secret.',
    default: DEFAULT_CLIENT_SECRET,
  },
  users: { type: 'string', description: 'Population size (user slots).', default: '10000' },
  seed: { type: 'string', description: 'Seed; same seed and day, same file.', default: '1' },
  'ready-after-ms': {
    type: 'string',
    description: 'How long a requested file stays not ready, in ms.',
    default: '1000',
  },
  quota: { type: 'string', description: 'Report requests allowed per UTC day.', default: '1000' },
  gzip: { type: 'boolean', description: 'Serve files gzip-compressed (.csv.gz).' },
  'file-cache-dir': {
    type: 'string',
    description: "Render each day's file once into this directory, then serve it from disk.",
  },
} as const;

/** `ltv-gateway simulate`: runs until SIGTERM or SIGINT. */
export async function runSimulate(args: string[]): Promise<number> {
  const values = parseCommandArguments(args, USAGE, OPTIONS);
  if (!values) return 0;

  const logger = createLogger({
    level: 'info',
    format: process.stdout.isTTY ? 'pretty' : 'json',
  });
  let simulator;
  try {
    simulator = await startSimulator({
      port: integerOption(values, 'port', { min: 0, max: 65_535 }),
      host: values.host as string,
      clientId: values['client-id'] as string,
      clientSecret: values['client-secret'] as string,
      users: integerOption(values, 'users', { min: 0, max: 16_777_216 }),
      seed: integerOption(values, 'seed', { min: 0, max: 2 ** 31 - 1 }),
      readyAfterMs: integerOption(values, 'ready-after-ms', { min: 0, max: 86_400_000 }),
      dailyReportQuota: integerOption(values, 'quota', { min: 0, max: 10_000_000 }),
      gzip: values.gzip === true,
      fileCacheDir: values['file-cache-dir'] as string | undefined,
      logger,
    });
  } catch (error) {
    if (!(error instanceof InvalidSimulatorOptionsError)) throw error;
    console.error(error.message);
    return 2;
  }
  console.log(simulator.url);

  await untilStopped();
  await simulator.close();
  return 0;
}
