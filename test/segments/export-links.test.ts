import { randomBytes } from 'node:crypto';

import { loadConfig } from '../../src/config/config';
import { ConfigurationError } from '../../src/config/configuration-error';
import { silentLogger } from '../../src/logging/logger';
import { ExportFormat } from '../../src/segments/export-format';
import {
  ExportLinkTooLongError,
  openExportLinks,
  SegmentExportLinks,
} from '../../src/segments/export-links';
import { ExportTokenExpiredError, ExportTokenInvalidError } from '../../src/segments/export-token';

const SECRET = 'k'.repeat(40);
const NOW = new Date('2026-11-28T13:00:00.400Z');
const TICKET = {
  range: { from: '2026-11-20', to: '2026-11-27' },
  days: ['2026-11-20', '2026-11-27'],
  filter: { countries: ['US'] },
  format: ExportFormat.CSV,
};

function links(overrides: Partial<ConstructorParameters<typeof SegmentExportLinks>[0]> = {}) {
  return new SegmentExportLinks({
    ttlSeconds: 3600,
    secret: SECRET,
    publicUrl: undefined,
    fallbackOrigin: 'http://127.0.0.1:4000',
    now: () => NOW,
    ...overrides,
  });
}

describe('SegmentExportLinks', () => {
  it('links to the configured public URL first, keeping its path', () => {
    const link = links({ publicUrl: 'https://ltv.example.com/api' }).issue(TICKET, 'evil.test');

    expect(link.url).toMatch(/^https:\/\/ltv\.example\.com\/api\/exports\?token=v1\./);
  });

  it("links to the request's Host without a public URL, and to the fallback without a usable Host", () => {
    const service = links();

    expect(service.issue(TICKET, 'Gateway.Local:8080').url).toMatch(
      /^http:\/\/gateway\.local:8080\/exports\?token=/,
    );
    expect(service.issue(TICKET, '[::1]:4000').url).toMatch(/^http:\/\/\[::1\]:4000\/exports/);
    for (const host of [undefined, 'a b', 'evil.test/path?', 'x@y']) {
      expect(service.issue(TICKET, host).url).toMatch(/^http:\/\/127\.0\.0\.1:4000\/exports/);
    }
  });

  it('expires the configured number of whole seconds from now', () => {
    const link = links({ ttlSeconds: 90 }).issue(TICKET, undefined);

    expect(link.expiresAt).toBe('2026-11-28T13:01:30.000Z');
  });

  it('opens its own links until they expire', () => {
    let now = NOW;
    const service = links({ now: () => now });
    const token = new URL(service.issue(TICKET, undefined).url).searchParams.get('token')!;

    expect(service.open(token)).toMatchObject(TICKET);
    now = new Date('2026-11-28T14:00:00.000Z');
    expect(() => service.open(token)).toThrow(ExportTokenExpiredError);
  });

  it('shares links between replicas with the same secret, not with another one', () => {
    const token = new URL(links().issue(TICKET, undefined).url).searchParams.get('token')!;

    expect(links().open(token)).toMatchObject(TICKET);
    expect(() => links({ secret: 'z'.repeat(40) }).open(token)).toThrow(ExportTokenInvalidError);
  });

  it('signs with a random key per process when no secret is configured', () => {
    const first = links({ secret: undefined });
    const second = links({ secret: undefined });
    const token = new URL(first.issue(TICKET, undefined).url).searchParams.get('token')!;

    expect(first.ephemeralKey).toBe(true);
    expect(first.open(token)).toMatchObject(TICKET);
    expect(() => second.open(token)).toThrow(ExportTokenInvalidError);
  });

  it('refuses to issue a link whose token would be too long for a URL', () => {
    // Random hex packs to about half its size: 150 values of 100 characters stay over 6,000.
    const appIds = Array.from({ length: 150 }, () => randomBytes(50).toString('hex'));

    expect(() => links().issue({ ...TICKET, filter: { appIds } }, undefined)).toThrow(
      ExportLinkTooLongError,
    );
  });
});

describe('export link configuration', () => {
  it('defaults to one hour, a random key and Host-based links', () => {
    const config = loadConfig({});

    expect(config.exports).toEqual({ ttlSeconds: 3600, secret: undefined, publicUrl: undefined });
    expect(openExportLinks(config, silentLogger()).ephemeralKey).toBe(true);
  });

  it('reads the TTL, the secret and the public URL (without its trailing slash)', () => {
    const config = loadConfig({
      LTV_EXPORT_TTL_SECONDS: '600',
      LTV_EXPORT_SECRET: SECRET,
      LTV_PUBLIC_URL: 'https://ltv.example.com/',
    });

    expect(config.exports).toEqual({
      ttlSeconds: 600,
      secret: SECRET,
      publicUrl: 'https://ltv.example.com',
    });
  });

  it('reports a bad TTL, a short secret (without quoting it) and a bad public URL together', () => {
    let error: unknown;
    try {
      loadConfig({
        LTV_EXPORT_TTL_SECONDS: '0',
        LTV_EXPORT_SECRET: 'hunter2',
        LTV_PUBLIC_URL: 'ftp://files.example.com',
      });
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.map((problem) => problem.variable);
    expect(problems.sort()).toEqual([
      'LTV_EXPORT_SECRET',
      'LTV_EXPORT_TTL_SECONDS',
      'LTV_PUBLIC_URL',
    ]);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
