import path from 'node:path';

import type { LevelWithSilent } from 'pino';

import type { LogFormat } from '../logging/logger';
import { readAuthConfig, type AuthConfig } from './auth-config';
import { ConfigurationError } from './configuration-error';
import { EnvReader } from './env-reader';
import { readLimitsConfig, type LimitsConfig } from './limits-config';
import { readObservabilityConfig, type ObservabilityConfig } from './observability-config';

/** Where report days come from: the real vendor, or the simulator started inside the process. */
export type UpstreamMode = 'vendor' | 'simulator';

/** The whole configuration, read once at start-up and frozen. */
export interface Config {
  readonly production: boolean;
  readonly server: { readonly host: string; readonly port: number };
  readonly log: { readonly level: LevelWithSilent; readonly format: LogFormat };
  /** Folder holding the DuckDB file and temporary downloads. */
  readonly dataDir: string;
  /** The most memory DuckDB may hold (DuckDB's size syntax, e.g. '1GB'); loads spill beyond it. */
  readonly storeMemoryLimit: string;
  readonly upstream: {
    readonly mode: UpstreamMode;
    readonly baseUrl: string;
    readonly clientId: string | undefined;
    /** Never logged; `describeConfig` leaves it out. */
    readonly clientSecret: string | undefined;
    readonly source: string | undefined;
  };
  /** The vendor's availability rule: the previous `windowDays` days, yesterday from the hour. */
  readonly window: { readonly windowDays: number; readonly availableHourUtc: number };
  readonly sync: {
    /** How many report days are pulled at once. */
    readonly concurrency: number;
    /** How long a query waits for days it started pulling before answering with them pending. */
    readonly queryBudgetMs: number;
    /** How long a requested report file may stay not-ready before the day fails. */
    readonly pollDeadlineMs: number;
  };
  readonly api: {
    /** The longest date range one argument may span, in days. */
    readonly maxRangeDays: number;
    /** The largest page `first` may ask for. */
    readonly maxPageSize: number;
  };
  /** Segment export links (see src/segments/export-links.ts). */
  readonly exports: {
    /** How long an export link stays valid, in seconds. */
    readonly ttlSeconds: number;
    /** The links' HMAC key, shared by replicas; never logged. Unset: a random key per process. */
    readonly secret: string | undefined;
    /** The absolute base URL clients reach the service at; unset: the request's Host header. */
    readonly publicUrl: string | undefined;
  };
  /** The in-process simulator used when no vendor credentials are set. */
  readonly demo: { readonly users: number; readonly seed: number; readonly readyAfterMs: number };
  /** How much one client may ask: query limits, timeouts, rate limits, safelist, introspection. */
  readonly limits: LimitsConfig;
  /** Who may call the API: API keys, JWTs, the router's shared secret. */
  readonly auth: AuthConfig;
  /** The metrics token and the shutdown delay. */
  readonly observability: ObservabilityConfig;
}

/** What the configuration is read for. */
export interface LoadConfigOptions {
  /**
   * True (the default) for the HTTP server: then vendor credentials without any authentication
   * configured are refused. Commands that serve nothing (`sync`) pass false.
   */
  readonly serving?: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the environment as a whole. Every problem is collected first, then one
 * `ConfigurationError` lists them all, so an operator fixes a deployment in one pass.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = {},
): Config {
  const read = new EnvReader(env);
  const production = env.NODE_ENV === 'production';

  const clientId = read.optionalString('DT_CLIENT_ID');
  const clientSecret = read.optionalString('DT_CLIENT_SECRET');
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    const missing = clientId === undefined ? 'DT_CLIENT_ID' : 'DT_CLIENT_SECRET';
    read.problem(
      missing,
      'is required when the other vendor credential is set (set both DT_CLIENT_ID and DT_CLIENT_SECRET, or neither for the built-in simulator)',
    );
  }

  const config: Config = {
    production,
    server: {
      host: read.string('HOST', '127.0.0.1'),
      port: read.integer('PORT', 4000, { min: 0, max: 65535 }),
    },
    log: {
      level: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      format: read.oneOf(
        'LOG_FORMAT',
        ['json', 'pretty'] as const,
        production || !process.stdout.isTTY ? 'json' : 'pretty',
      ),
    },
    dataDir: path.resolve(read.string('LTV_DATA_DIR', './data')),
    storeMemoryLimit: memorySize(read, 'LTV_STORE_MEMORY_LIMIT', '1GB'),
    upstream: {
      mode: clientId && clientSecret ? 'vendor' : 'simulator',
      baseUrl: read.url('DT_BASE_URL', 'https://reporting.fyber.com'),
      clientId,
      clientSecret,
      source: read.optionalString('DT_SOURCE'),
    },
    window: {
      windowDays: read.integer('DT_WINDOW_DAYS', 12, { min: 1, max: 366 }),
      availableHourUtc: read.integer('DT_AVAILABLE_HOUR_UTC', 12, { min: 0, max: 23 }),
    },
    sync: {
      concurrency: read.integer('LTV_SYNC_CONCURRENCY', 2, { min: 1, max: 32 }),
      queryBudgetMs: read.integer('LTV_QUERY_SYNC_BUDGET_MS', 10_000, { min: 0, max: 600_000 }),
      pollDeadlineMs: read.integer('LTV_POLL_DEADLINE_MS', 30 * 60_000, {
        min: 1,
        max: 86_400_000,
      }),
    },
    api: {
      maxRangeDays: read.integer('LTV_MAX_RANGE_DAYS', 400, { min: 1, max: 36_600 }),
      maxPageSize: read.integer('LTV_MAX_PAGE_SIZE', 1000, { min: 1, max: 100_000 }),
    },
    exports: {
      ttlSeconds: read.integer('LTV_EXPORT_TTL_SECONDS', 3600, { min: 1, max: 7 * 86_400 }),
      secret: exportSecret(read),
      publicUrl: publicUrl(read),
    },
    demo: {
      users: read.integer('LTV_DEMO_USERS', 5000, { min: 1, max: 16_777_216 }),
      seed: read.integer('LTV_DEMO_SEED', 1, { min: 0, max: 2 ** 31 - 1 }),
      readyAfterMs: read.integer('LTV_DEMO_READY_AFTER_MS', 200, { min: 0, max: 3_600_000 }),
    },
    limits: readLimitsConfig(read, production),
    auth: readAuthConfig(read, {
      vendorCredentials: clientId !== undefined && clientSecret !== undefined,
      serving: options.serving ?? true,
    }),
    observability: readObservabilityConfig(read),
  };

  if (read.problems.length > 0) throw new ConfigurationError(read.problems);
  return deepFreeze(config);
}

/** The configuration as it may be logged: secrets replaced by whether they are set. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    upstream: {
      ...config.upstream,
      clientSecret: config.upstream.clientSecret === undefined ? 'unset' : 'set',
    },
    exports: { ...config.exports, secret: config.exports.secret === undefined ? 'unset' : 'set' },
    auth: describeAuth(config.auth),
    observability: {
      ...config.observability,
      metricsToken: config.observability.metricsToken === undefined ? 'unset' : 'set',
    },
  };
}

function describeAuth(auth: AuthConfig): Record<string, unknown> {
  const set = (value: string | undefined) => (value === undefined ? 'unset' : 'set');
  return {
    mode: auth.mode,
    offReason: auth.offReason,
    apiKeys: auth.apiKeys.map(({ name, scopes, apps }) => ({ name, scopes, apps })),
    jwt: auth.jwt && { ...auth.jwt, hs256Secret: set(auth.jwt.hs256Secret) },
    routerSecret: set(auth.routerSecret),
  };
}

/** The shortest export secret accepted: 32 characters of a random string. */
const MIN_EXPORT_SECRET_CHARS = 32;

// The value is a secret: problems describe it, never quote it.
function exportSecret(read: EnvReader): string | undefined {
  const secret = read.optionalString('LTV_EXPORT_SECRET');
  if (secret !== undefined && secret.length < MIN_EXPORT_SECRET_CHARS) {
    read.problem(
      'LTV_EXPORT_SECRET',
      `must be at least ${MIN_EXPORT_SECRET_CHARS} characters long (a random string shared by every replica)`,
    );
  }
  return secret;
}

function publicUrl(read: EnvReader): string | undefined {
  const raw = read.optionalString('LTV_PUBLIC_URL');
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw.trim());
    const plain = url.search === '' && url.hash === '' && url.username === '';
    if ((url.protocol === 'http:' || url.protocol === 'https:') && plain) {
      return url.toString().replace(/\/+$/, '');
    }
  } catch {
    // Reported below, like any other unusable value.
  }
  read.problem(
    'LTV_PUBLIC_URL',
    `must be the absolute http(s) base URL clients reach the service at, such as https://ltv.example.com, got ${JSON.stringify(raw)}`,
  );
  return undefined;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}

const MEMORY_SIZE = /^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;

/** Megabytes per unit of a memory size; DuckDB reads KB, MB… as powers of 1000, KiB… of 1024. */
const MEGABYTES_PER_UNIT: Record<string, number> = {
  kb: 1e-3,
  mb: 1,
  gb: 1e3,
  tb: 1e6,
  kib: 1024 / 1e6,
  mib: 1024 ** 2 / 1e6,
  gib: 1024 ** 3 / 1e6,
  tib: 1024 ** 4 / 1e6,
};

/** The least memory the store is allowed: below it DuckDB cannot load a day of any size. */
const MIN_STORE_MEGABYTES = 64;

/**
 * A memory size as DuckDB writes it ('512MB', '2GiB'). Checked here so that a typo is reported
 * with the other configuration problems rather than by DuckDB when the store opens.
 */
function memorySize(read: EnvReader, variable: string, fallback: string): string {
  const raw = read.optionalString(variable);
  if (raw === undefined) return fallback;
  const match = MEMORY_SIZE.exec(raw);
  const megabytes = match ? Number(match[1]) * MEGABYTES_PER_UNIT[match[2].toLowerCase()] : 0;
  if (!match || megabytes < MIN_STORE_MEGABYTES) {
    read.problem(
      variable,
      `must be a memory size of at least ${MIN_STORE_MEGABYTES}MB such as 512MB or 2GB, got ${JSON.stringify(raw)}`,
    );
    return fallback;
  }
  return `${match[1]}${match[2]}`;
}
