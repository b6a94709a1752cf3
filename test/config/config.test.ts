import path from 'node:path';

import { describeConfig, loadConfig } from '../../src/config/config';
import { ConfigurationError } from '../../src/config/configuration-error';

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});

    expect(config.server).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.upstream.baseUrl).toBe('https://reporting.fyber.com');
    expect(config.upstream.mode).toBe('simulator');
    expect(config.window).toEqual({ windowDays: 12, availableHourUtc: 12 });
    expect(config.log.level).toBe('info');
    expect(config.storeMemoryLimit).toBe('1GB');
  });

  it('accepts a store memory limit in DuckDB’s units and refuses one it could not load a day in', () => {
    expect(loadConfig({ LTV_STORE_MEMORY_LIMIT: ' 512MB ' }).storeMemoryLimit).toBe('512MB');
    expect(loadConfig({ LTV_STORE_MEMORY_LIMIT: '1.5GiB' }).storeMemoryLimit).toBe('1.5GiB');
    for (const bad of ['lots', '512', '63MB', '60000KiB', '-1GB']) {
      const error = captureError(() => loadConfig({ LTV_STORE_MEMORY_LIMIT: bad }));
      expect(error.message).toContain(
        `LTV_STORE_MEMORY_LIMIT must be a memory size of at least 64MB such as 512MB or 2GB, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it('talks to the vendor when both credentials are set', () => {
    const config = loadConfig({ DT_CLIENT_ID: 'id', DT_CLIENT_SECRET: 'secret', LTV_AUTH: 'off' });

    expect(config.upstream.mode).toBe('vendor');
    expect(config.upstream.clientId).toBe('id');
  });

  it('reports every problem at once, one line per variable', () => {
    const read = () =>
      loadConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        DT_BASE_URL: 'ftp://example.com',
        DT_CLIENT_ID: 'only-the-id',
        LTV_SYNC_CONCURRENCY: '0',
      });

    expect(read).toThrow(ConfigurationError);
    const error = captureError(read);
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
      'DT_BASE_URL',
      'DT_CLIENT_SECRET',
      'LOG_LEVEL',
      'LTV_SYNC_CONCURRENCY',
      'PORT',
    ]);
    expect(error.message).toContain('PORT must be a whole number from 0 to 65535, got "eighty"');
    expect(error.message).toContain('LOG_LEVEL must be one of fatal, error, warn, info');
  });

  it('never puts a client secret in a problem or in the loggable description', () => {
    const error = captureError(() =>
      loadConfig({ DT_CLIENT_SECRET: 'hunter2-very-secret', PORT: '-1' }),
    );
    expect(error.message).not.toContain('hunter2');

    const config = loadConfig({
      DT_CLIENT_ID: 'id',
      DT_CLIENT_SECRET: 'hunter2-very-secret',
      LTV_AUTH: 'off',
    });
    expect(JSON.stringify(describeConfig(config))).not.toContain('hunter2');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });
});

function captureError(read: () => unknown): ConfigurationError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}
