import { type AvailabilityRule, DEFAULT_AVAILABILITY_RULE } from '../availability/window';
import { LtvError } from '../errors/ltv-error';
import { type Logger, silentLogger } from '../logging/logger';
import { type CsvColumn, DEFAULT_COLUMNS } from './csv/columns';
import { MAX_USERS } from './population/identity';

/** How a download URL answers while its file is not ready; the vendor has been seen doing all three. */
export type NotReadyAnswer = 404 | 403 | 'empty-200';

/** Settings of a simulator; every field has a default, so `{}` starts a working one. */
export interface SimulatorOptions {
  /** TCP port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Base of the download URLs handed out; default: taken from each request's Host header. */
  publicUrl?: string;
  /** The one accepted client id; default DEFAULT_CLIENT_ID. */
  clientId?: string;
  /** The one accepted client secret; default DEFAULT_CLIENT_SECRET. */
  clientSecret?: string;
  /** Population size (user slots); about 40 % of it appears in a day's file. Default 10,000. */
  users?: number;
  /** Seed of the synthetic population; same seed and day give byte-identical files. Default 1. */
  seed?: number | string;
  /** How long a requested file stays not ready, in real milliseconds. Default 1,000. */
  readyAfterMs?: number;
  /** How a not-ready file answers. Default 404. */
  notReadyAnswer?: NotReadyAnswer;
  /** Lifetime of access tokens in seconds, on the simulator's clock. Default 3,600. */
  tokenTtlSeconds?: number;
  /** How long a download URL stays valid after its report request, on the clock. Default 3 h. */
  urlTtlMs?: number;
  /** The availability window and hour. Default: 12 days, 12:00 UTC. */
  availability?: AvailabilityRule;
  /** Report requests accepted per UTC day (by the clock) before 429. Default 1,000. */
  dailyReportQuota?: number;
  /** Serve files as gzip (`.csv.gz`, the body is the gzip file itself). Default false. */
  gzip?: boolean;
  /** Columns of the files. Default DEFAULT_COLUMNS. */
  columns?: readonly CsvColumn[];
  /**
   * Directory in which each day's file is rendered once (when its report is requested) and from
   * which later downloads stream the finished bytes, as the vendor serves a prepared file.
   * Created when missing. Default: none, every download generates its file again.
   */
  fileCacheDir?: string;
  /** The simulated wall clock (token expiry, URL expiry, window, quota). Default real time. */
  now?: () => Date;
  /** Parent logger; the simulator logs under `{ module: 'simulator' }`. Default silent. */
  logger?: Logger;
}

/** SimulatorOptions with every default applied. */
export type ResolvedSimulatorOptions = Required<
  Omit<SimulatorOptions, 'publicUrl' | 'fileCacheDir'>
> &
  Pick<SimulatorOptions, 'publicUrl' | 'fileCacheDir'>;

/** The client id a simulator accepts when none is configured. */
export const DEFAULT_CLIENT_ID = 'simulator-client';
/** The client secret a simulator accepts when none is configured; not a secret. */
export const DEFAULT_CLIENT_SECRET = 'simulator-secret';

/** Thrown by startSimulator when an option is out of range; lists every problem at once. */
export class InvalidSimulatorOptionsError extends LtvError {
  constructor(problems: string[]) {
    super('SIMULATOR_INVALID_OPTIONS', `Invalid simulator options: ${problems.join('; ')}.`, {
      context: { problems },
    });
  }
}

/** Applies defaults and checks ranges; throws InvalidSimulatorOptionsError naming each problem. */
export function resolveSimulatorOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  const resolved: ResolvedSimulatorOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    users: options.users ?? 10_000,
    seed: options.seed ?? 1,
    readyAfterMs: options.readyAfterMs ?? 1_000,
    notReadyAnswer: options.notReadyAnswer ?? 404,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3_600,
    urlTtlMs: options.urlTtlMs ?? 3 * 3_600_000,
    availability: options.availability ?? DEFAULT_AVAILABILITY_RULE,
    dailyReportQuota: options.dailyReportQuota ?? 1_000,
    gzip: options.gzip ?? false,
    columns: options.columns ?? DEFAULT_COLUMNS,
    fileCacheDir: options.fileCacheDir,
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? silentLogger(),
  };

  const problems: string[] = [];
  const wholeAtLeast = (
    name: keyof SimulatorOptions,
    value: number,
    min: number,
    max = Infinity,
  ) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      const range = max === Infinity ? `>= ${min}` : `${min}..${max}`;
      problems.push(`${name} ${JSON.stringify(value)} is not a whole number ${range}`);
    }
  };
  wholeAtLeast('port', resolved.port, 0, 65_535);
  wholeAtLeast('users', resolved.users, 0, MAX_USERS);
  wholeAtLeast('readyAfterMs', resolved.readyAfterMs, 0);
  wholeAtLeast('tokenTtlSeconds', resolved.tokenTtlSeconds, 1);
  wholeAtLeast('urlTtlMs', resolved.urlTtlMs, 1);
  wholeAtLeast('dailyReportQuota', resolved.dailyReportQuota, 0);
  wholeAtLeast('availability', resolved.availability.windowDays, 1);
  const hour = resolved.availability.availableHourUtc;
  if (!(hour >= 0 && hour <= 24)) problems.push(`availability hour ${hour} is not within 0..24`);
  if (resolved.clientId === '' || resolved.clientSecret === '') {
    problems.push('clientId and clientSecret must not be empty');
  }
  if (resolved.columns.length === 0) problems.push('columns must not be empty');
  if (resolved.fileCacheDir !== undefined && resolved.fileCacheDir.trim() === '') {
    problems.push(`fileCacheDir ${JSON.stringify(resolved.fileCacheDir)} is not a directory path`);
  }
  if (problems.length > 0) throw new InvalidSimulatorOptionsError(problems);
  return resolved;
}
