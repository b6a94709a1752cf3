import type { EnvReader } from './env-reader';
import { readSafelistManifest, type SafelistedOperation } from './safelist-manifest';

/**
 * How much one client may ask of the service (see src/limits and the README's "Limits").
 * Every limit has a default that is safe in production; 0 turns off the ones that say so.
 */
export interface LimitsConfig {
  /** The deepest field nesting an operation may select (fragments expanded). */
  readonly maxDepth: number;
  /** The most aliased fields an operation may select. */
  readonly maxAliases: number;
  /** The highest estimated cost an operation may have (see src/limits/operation-measure.ts). */
  readonly maxCost: number;
  /** The most lexical tokens a GraphQL document may hold; longer ones are refused unparsed. */
  readonly maxTokens: number;
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** The most operations one batched HTTP request may hold; 0 refuses batches. */
  readonly maxBatchSize: number;
  /** How long one read statement may run in DuckDB, in milliseconds; 0: no limit. */
  readonly statementTimeoutMs: number;
  /** Requests per identity, as a token bucket; undefined: no rate limit. */
  readonly rateLimit: { readonly perMinute: number; readonly burst: number } | undefined;
  /** The memory automatic persisted queries may hold, in bytes; 0 turns APQ off. */
  readonly apqCacheBytes: number;
  /** Only these operations execute, when a manifest is configured (LTV_SAFELIST). */
  readonly safelist:
    { readonly path: string; readonly operations: readonly SafelistedOperation[] } | undefined;
  /** Whether the schema may be introspected. */
  readonly introspection: boolean;
  /** Whether a browser opening /graphql gets the Apollo Sandbox page. */
  readonly sandbox: boolean;
}

const MIB = 1024 * 1024;

/**
 * Reads the limits. Introspection and Sandbox default to on outside production and off in it.
 * A safelist manifest is read here, so that a missing or malformed file is reported with every
 * other configuration problem.
 */
export function readLimitsConfig(read: EnvReader, production: boolean): LimitsConfig {
  const perMinute = read.integer('LTV_RATE_LIMIT_PER_MINUTE', 600, { min: 0, max: 1_000_000 });
  const burst = read.integer('LTV_RATE_LIMIT_BURST', 60, { min: 1, max: 1_000_000 });
  const maxBatchSize = read.integer('LTV_MAX_BATCH_SIZE', 10, { min: 0, max: 1000 });
  if (perMinute > 0 && maxBatchSize > burst) {
    read.problem(
      'LTV_MAX_BATCH_SIZE',
      `is ${maxBatchSize}, more than LTV_RATE_LIMIT_BURST (${burst}): each operation of a batch takes one request from the rate limit, so such a batch could never run; lower it or raise the burst`,
    );
  }

  return {
    maxDepth: read.integer('LTV_MAX_DEPTH', 10, { min: 1, max: 100 }),
    maxAliases: read.integer('LTV_MAX_ALIASES', 30, { min: 0, max: 10_000 }),
    maxCost: read.integer('LTV_MAX_COST', 5_000_000, { min: 1, max: Number.MAX_SAFE_INTEGER }),
    maxTokens: read.integer('LTV_MAX_TOKENS', 10_000, { min: 100, max: 10_000_000 }),
    maxBodyBytes: read.integer('LTV_MAX_BODY_BYTES', MIB, { min: 1024, max: 1024 * MIB }),
    maxBatchSize,
    statementTimeoutMs: read.integer('LTV_STATEMENT_TIMEOUT_MS', 30_000, {
      min: 0,
      max: 3_600_000,
    }),
    rateLimit: perMinute > 0 ? { perMinute, burst } : undefined,
    apqCacheBytes: read.integer('LTV_APQ_CACHE_BYTES', 8 * MIB, { min: 0, max: 1024 * MIB }),
    safelist: safelist(read),
    introspection: flag(read, 'LTV_INTROSPECTION', !production),
    sandbox: flag(read, 'LTV_SANDBOX', !production),
  };
}

const FLAG_WORDS = ['true', 'false', 'on', 'off', '1', '0', 'yes', 'no'] as const;

function flag(read: EnvReader, variable: string, fallback: boolean): boolean {
  const word = read.oneOf(variable, FLAG_WORDS, fallback ? 'true' : 'false');
  return word === 'true' || word === 'on' || word === '1' || word === 'yes';
}

function safelist(read: EnvReader): LimitsConfig['safelist'] {
  const path = read.optionalString('LTV_SAFELIST');
  if (path === undefined) return undefined;
  const manifest = readSafelistManifest(path.trim());
  if ('problem' in manifest) {
    read.problem('LTV_SAFELIST', manifest.problem);
    return undefined;
  }
  return manifest;
}
