import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import pino from 'pino';

import { startService } from '../../src/app/service';
import { main } from '../../src/cli/main';
import { describeConfig, loadConfig } from '../../src/config/config';
import { ConfigurationError } from '../../src/config/configuration-error';
import { IN_MEMORY } from '../../src/store';
import { newApiKey } from './auth-rig';

const VENDOR = { DT_CLIENT_ID: 'vendor-id', DT_CLIENT_SECRET: 'vendor-secret' };
const SECRET = 'hs256-secret-that-is-32-characters-long';

function problemsOf(env: Record<string, string>): ConfigurationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('auth configuration at start-up', () => {
  it('refuses vendor credentials without auth, naming the variables to set', () => {
    const error = problemsOf(VENDOR);

    expect(error.problems.map((problem) => problem.variable)).toEqual(['LTV_AUTH']);
    for (const variable of ['LTV_API_KEYS', 'LTV_JWT_SECRET', 'LTV_JWT_JWKS_URL', 'LTV_AUTH=off']) {
      expect(error.message).toContain(variable);
    }
  });

  it('reports the auth refusal together with the other problems', () => {
    const error = problemsOf({ ...VENDOR, PORT: 'eighty' });

    expect(error.problems.map((problem) => problem.variable).sort()).toEqual(['LTV_AUTH', 'PORT']);
  });

  it('accepts vendor credentials with an API key, a JWT setup, or LTV_AUTH=off', () => {
    const key = newApiKey();
    const jwt = { LTV_JWT_SECRET: SECRET, LTV_JWT_ISSUER: 'iss', LTV_JWT_AUDIENCE: 'aud' };

    expect(loadConfig({ ...VENDOR, LTV_API_KEYS: `a:read:${key.sha256}` }).auth.mode).toBe(
      'required',
    );
    expect(loadConfig({ ...VENDOR, ...jwt }).auth.mode).toBe('required');
    expect(loadConfig({ ...VENDOR, LTV_AUTH: 'off' }).auth).toMatchObject({
      mode: 'off',
      offReason: 'disabled',
    });
  });

  it('lets commands that serve nothing use vendor credentials without auth', () => {
    expect(loadConfig(VENDOR, { serving: false }).auth.mode).toBe('off');
  });

  it('serves the demo without auth by default', () => {
    expect(loadConfig({}).auth).toMatchObject({ mode: 'off', offReason: 'demo' });
  });

  it('names each malformed auth variable without quoting secrets', () => {
    const error = problemsOf({
      LTV_AUTH: 'maybe',
      LTV_API_KEYS: 'ok:read:abc,bad name:fly:0000',
      LTV_JWT_SECRET: 'short-secret',
      LTV_JWT_JWKS_URL: 'ftp://keys.example.com',
      LTV_JWT_CLOCK_SKEW_SECONDS: '3600',
      LTV_ROUTER_SECRET: 'tiny',
    });

    expect(error.problems.map((problem) => problem.variable).sort()).toEqual(
      [
        'LTV_API_KEYS',
        'LTV_API_KEYS',
        'LTV_AUTH',
        'LTV_JWT_AUDIENCE',
        'LTV_JWT_CLOCK_SKEW_SECONDS',
        'LTV_JWT_ISSUER',
        'LTV_JWT_JWKS_URL',
        'LTV_ROUTER_SECRET',
        'LTV_JWT_SECRET',
      ].sort(),
    );
    expect(error.message).toContain('entry 1 (ok) must be name:scope+scope:sha256hex');
    expect(error.message).not.toContain('short-secret');
    expect(error.message).not.toContain('tiny');
  });

  it('refuses LTV_AUTH=on with no credential configured', () => {
    expect(problemsOf({ LTV_AUTH: 'on' }).message).toContain('LTV_AUTH is "on" but no credential');
  });

  it('keeps secrets and key digests out of the loggable description', () => {
    const key = newApiKey();
    const config = loadConfig({
      LTV_API_KEYS: `team:read:${key.sha256}:104512`,
      LTV_JWT_SECRET: SECRET,
      LTV_JWT_ISSUER: 'iss',
      LTV_JWT_AUDIENCE: 'aud',
      LTV_ROUTER_SECRET: `${SECRET}-router`,
    });
    const described = JSON.stringify(describeConfig(config));

    expect(described).not.toContain(SECRET);
    expect(described).not.toContain(key.sha256);
    expect(described).toContain('"name":"team"');
  });
});

describe('ltv-gateway serve with vendor credentials and no auth', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
    jest.restoreAllMocks();
  });

  it('exits 1 saying how to configure auth', async () => {
    Object.assign(process.env, VENDOR);
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));

    await main(['serve']);

    expect(process.exitCode).toBe(1);
    expect(errors.join('\n')).toMatch(/^ {2}LTV_AUTH must be configured when vendor credentials/m);
  });
});

describe('the start-up line about auth', () => {
  async function startupLines(env: Record<string, string>): Promise<Record<string, unknown>[]> {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    const dataDir = await mkdtemp(join(tmpdir(), 'ltv-auth-start-'));
    const config = loadConfig({ PORT: '0', LTV_DATA_DIR: dataDir, ...env });
    // A vendor URL nobody answers: the start-up path never calls it.
    const service = await startService(config, pino({ level: 'info' }, sink), {
      storePath: IN_MEMORY,
      upstream: { baseUrl: 'http://127.0.0.1:9', clientId: 'id', clientSecret: 'secret' },
    });
    await service.close();
    await rm(dataDir, { recursive: true, force: true });
    return lines.filter((line) => line.module === 'auth');
  }

  it('warns at every start while LTV_AUTH=off', async () => {
    const lines = await startupLines({ ...VENDOR, LTV_AUTH: 'off' });

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, variable: 'LTV_AUTH' });
    expect(lines[0].msg).toMatch(/^authentication off \(LTV_AUTH=off\)/);
  });

  it('says in one info line that the demo runs without auth', async () => {
    const lines = await startupLines({});

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30 });
    expect(lines[0].msg).toMatch(/^authentication off: demo data/);
  });

  it('names the mechanisms, not their secrets, when auth is on', async () => {
    const key = newApiKey();
    const lines = await startupLines({ LTV_API_KEYS: `a:read:${key.sha256}` });

    expect(lines).toEqual([
      expect.objectContaining({ level: 30, apiKeys: 1, jwt: 'off', routerSecret: false }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(key.sha256);
  });
});
