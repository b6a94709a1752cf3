import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';

import { startService, type RunningService } from '../../src/app/service';
import { loadConfig } from '../../src/config/config';
import { silentLogger } from '../../src/logging/logger';
import { IN_MEMORY } from '../../src/store';

describe('the http service', () => {
  let service: RunningService;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ltv-service-'));
    const config = loadConfig({ PORT: '0', LTV_DATA_DIR: dataDir, LTV_DEMO_USERS: '200' });
    service = await startService(config, silentLogger(), { storePath: IN_MEMORY });
    base = service.url.origin;
  });
  afterAll(async () => {
    await service.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz while alive', async () => {
    const response = await request(`${base}/healthz`);

    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ status: 'alive' });
  });

  it('answers /readyz with each check', async () => {
    const response = await request(`${base}/readyz`);
    const body = (await response.body.json()) as { ready: boolean; checks: object };

    expect(response.statusCode).toBe(200);
    expect(body.ready).toBe(true);
    expect(body.checks).toMatchObject({ schema: true, shuttingDown: false });
  });

  it('executes a GraphQL query posted as JSON', async () => {
    const response = await request(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query ($range: DateRange!) { coverage(range: $range) { unavailable complete } }',
        variables: { range: { from: '2001-01-01', to: '2001-01-03' } },
      }),
    });
    const body = (await response.body.json()) as { data: { coverage: unknown } };

    expect(response.statusCode).toBe(200);
    expect(body.data.coverage).toEqual({
      unavailable: ['2001-01-01', '2001-01-02', '2001-01-03'],
      complete: false,
    });
  });

  it('serves the Sandbox landing page to a browser outside production', async () => {
    const response = await request(`${base}/graphql`, { headers: { accept: 'text/html' } });
    const html = await response.body.text();

    expect(response.statusCode).toBe(200);
    expect(html).toContain('embeddable-sandbox');
  });

  it('answers a malformed JSON body with a coded 400 and no stack trace', async () => {
    const response = await request(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    const text = await response.body.text();

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(text)).toEqual({
      errors: [
        { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await request(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(2 * 1024 * 1024)}` }),
    });
    await response.body.dump();

    expect(response.statusCode).toBe(413);
  });

  it('answers an unknown path with 404', async () => {
    const response = await request(`${base}/nowhere`);
    await response.body.dump();

    expect(response.statusCode).toBe(404);
  });
});
