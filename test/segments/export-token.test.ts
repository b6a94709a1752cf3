import { randomBytes } from 'node:crypto';

import { ExportFormat } from '../../src/segments/export-format';
import {
  ExportTokenExpiredError,
  ExportTokenInvalidError,
  openTicket,
  signTicket,
  type ExportTicket,
} from '../../src/segments/export-token';

const KEY = Buffer.from('a shared secret of at least thirty-two characters');
const NOW = Date.parse('2026-11-28T13:00:00.000Z');

const TICKET: ExportTicket = {
  range: { from: '2026-11-01', to: '2026-11-27' },
  days: ['2026-11-01', '2026-11-08', '2026-11-09', '2026-11-27'],
  filter: { countries: ['US', 'DE'], minRevenue: 0.5, lastSeenBefore: '2026-11-20' },
  format: ExportFormat.NDJSON,
  expiresAtMs: NOW + 3_600_000,
};

describe('export tokens', () => {
  it('round-trips range, exact days, filter, format and expiry', () => {
    const token = signTicket(TICKET, KEY);

    expect(token).toMatch(/^v1\.[\w-]+\.[\w-]{43}$/);
    expect(openTicket(token, KEY, NOW)).toEqual(TICKET);
  });

  it('round-trips a range of no stored day and a range of one day', () => {
    const none = { ...TICKET, days: [] };
    const one = {
      ...TICKET,
      range: { from: '2026-11-27', to: '2026-11-27' },
      days: ['2026-11-27'],
    };

    expect(openTicket(signTicket(none, KEY), KEY, NOW).days).toEqual([]);
    expect(openTicket(signTicket(one, KEY), KEY, NOW).days).toEqual(['2026-11-27']);
  });

  it('refuses a token whose body or signature was changed, or that another key signed', () => {
    const token = signTicket(TICKET, KEY);
    const [version, body, mac] = token.split('.');
    const otherBody = signTicket({ ...TICKET, filter: {} }, KEY).split('.')[1];
    const forged = [
      `${version}.${otherBody}.${mac}`,
      `${version}.${body}.${mac.slice(0, -2)}`,
      `${version}.${body}.${'A'.repeat(mac.length)}`,
      `v2.${body}.${mac}`,
      `${version}.${body}`,
      signTicket(TICKET, randomBytes(32)),
      '',
    ];

    for (const bad of forged) {
      expect(() => openTicket(bad, KEY, NOW)).toThrow(ExportTokenInvalidError);
    }
  });

  it('refuses a genuine token from its expiry on, saying when it expired', () => {
    const token = signTicket(TICKET, KEY);

    expect(() => openTicket(token, KEY, TICKET.expiresAtMs - 1)).not.toThrow();
    expect(() => openTicket(token, KEY, TICKET.expiresAtMs)).toThrow(ExportTokenExpiredError);
    expect(() => openTicket(token, KEY, TICKET.expiresAtMs)).toThrow(
      'The export link expired at 2026-11-28T14:00:00.000Z; call exportSegment again for a fresh link.',
    );
  });

  it('checks the signature before the expiry, so a forged expired token is invalid', () => {
    const expired = signTicket({ ...TICKET, expiresAtMs: NOW - 1000 }, randomBytes(32));

    expect(() => openTicket(expired, KEY, NOW)).toThrow(ExportTokenInvalidError);
  });

  it('keeps a year of days short: one bit per day, deflated', () => {
    const days: string[] = [];
    for (let day = Date.parse('2025-12-01'); day <= Date.parse('2026-11-30'); day += 86_400_000) {
      days.push(new Date(day).toISOString().slice(0, 10));
    }
    const year = { ...TICKET, range: { from: days[0], to: days[days.length - 1] }, days };

    expect(signTicket(year, KEY).length).toBeLessThan(300);
  });
});
