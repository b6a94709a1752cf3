import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '../../src/config/config';
import { ConfigurationError } from '../../src/config/configuration-error';

const MIB = 1024 * 1024;

describe('loadConfig: limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ltv-limits-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const manifest = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigurationError) return error.problems;
      throw error;
    }
    throw new Error('Expected a ConfigurationError.');
  };

  it('uses the documented defaults outside production', () => {
    expect(loadConfig({}).limits).toEqual({
      maxDepth: 10,
      maxAliases: 30,
      maxCost: 5_000_000,
      maxTokens: 10_000,
      maxBodyBytes: MIB,
      maxBatchSize: 10,
      statementTimeoutMs: 30_000,
      rateLimit: { perMinute: 600, burst: 60 },
      apqCacheBytes: 8 * MIB,
      safelist: undefined,
      introspection: true,
      sandbox: true,
    });
  });

  it('turns introspection and Sandbox off in production unless asked for', () => {
    const production = { NODE_ENV: 'production', LTV_AUTH: 'off' };

    expect(loadConfig(production).limits).toMatchObject({ introspection: false, sandbox: false });
    expect(
      loadConfig({ ...production, LTV_INTROSPECTION: 'on', LTV_SANDBOX: 'true' }).limits,
    ).toMatchObject({ introspection: true, sandbox: true });
  });

  it('reads every limit, with 0 turning the rate limit off', () => {
    const limits = loadConfig({
      LTV_MAX_DEPTH: '6',
      LTV_MAX_ALIASES: '0',
      LTV_MAX_COST: '1000',
      LTV_MAX_TOKENS: '500',
      LTV_MAX_BODY_BYTES: '4096',
      LTV_MAX_BATCH_SIZE: '0',
      LTV_STATEMENT_TIMEOUT_MS: '250',
      LTV_RATE_LIMIT_PER_MINUTE: '0',
      LTV_APQ_CACHE_BYTES: '0',
      LTV_INTROSPECTION: 'no',
    }).limits;

    expect(limits).toMatchObject({
      maxDepth: 6,
      maxAliases: 0,
      maxCost: 1000,
      maxTokens: 500,
      maxBodyBytes: 4096,
      maxBatchSize: 0,
      statementTimeoutMs: 250,
      rateLimit: undefined,
      apqCacheBytes: 0,
      introspection: false,
    });
  });

  it('refuses a batch size the rate limit burst could never pay for', () => {
    expect(problemsOf({ LTV_MAX_BATCH_SIZE: '20', LTV_RATE_LIMIT_BURST: '10' })).toEqual([
      {
        variable: 'LTV_MAX_BATCH_SIZE',
        message: expect.stringContaining('more than LTV_RATE_LIMIT_BURST (10)'),
      },
    ]);
  });

  it('reports malformed values together', () => {
    const problems = problemsOf({ LTV_MAX_DEPTH: '0', LTV_SANDBOX: 'maybe' });

    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'LTV_MAX_DEPTH',
      'LTV_SANDBOX',
    ]);
  });

  it('reads a safelist manifest whose ids are the SHA-256 of the bodies', () => {
    const body = 'query Ping { __typename }';
    const id = createHash('sha256').update(body).digest('hex');
    const file = manifest('good.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id, name: 'Ping', type: 'query', body }],
    });

    expect(loadConfig({ LTV_SAFELIST: file }).limits.safelist).toEqual({
      path: file,
      operations: [{ id, name: 'Ping', body }],
    });
  });

  it('reports a safelist that is missing, of another format, or has an id that is not its hash', () => {
    const wrongFormat = manifest('wrong-format.json', { operations: [] });
    const wrongId = manifest('wrong-id.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: 'abc', name: 'Ping', type: 'query', body: '{ __typename }' }],
    });

    expect(problemsOf({ LTV_SAFELIST: join(dir, 'none.json') })[0].message).toMatch(
      /cannot be read \(ENOENT\)/,
    );
    expect(problemsOf({ LTV_SAFELIST: wrongFormat })[0].message).toMatch(
      /not a persisted query manifest/,
    );
    expect(problemsOf({ LTV_SAFELIST: wrongId })[0].message).toMatch(
      /has id "abc", but its body hashes to [0-9a-f]{64}/,
    );
  });
});
