import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

import { daysBetween, eachDay, isDay } from '../availability/day';
import type { DayRange } from '../coverage/day-coverage';
import { LtvError } from '../errors/ltv-error';
import { ExportFormat } from './export-format';

/**
 * Everything a download needs to reproduce an export, so any replica holding the signing key
 * can serve it without server-side state: the requested range, the exact stored days it reads,
 * the user filter (plain JSON fields of `UserFilter`), the format and the expiry.
 */
export interface ExportTicket {
  readonly range: DayRange;
  /** The stored UTC days the export reads, oldest first; a subset of `range`. */
  readonly days: readonly string[];
  readonly filter: Readonly<Record<string, unknown>>;
  readonly format: ExportFormat;
  /** The instant the link stops working, in epoch milliseconds (whole seconds). */
  readonly expiresAtMs: number;
  /**
   * The app allow-list of the identity that asked for the export, applied to the download as to
   * the count; absent: every app. Signed with the rest, so a holder cannot widen it.
   */
  readonly apps?: readonly string[];
}

/** The token was altered, cut short, or signed with another key. */
export class ExportTokenInvalidError extends LtvError {
  constructor(reason: string) {
    super('EXPORT_TOKEN_INVALID', `The export link is not valid: ${reason}.`, {
      context: { reason },
    });
  }
}

/** The token is genuine but its time is up. */
export class ExportTokenExpiredError extends LtvError {
  constructor(readonly expiresAt: string) {
    super(
      'EXPORT_TOKEN_EXPIRED',
      `The export link expired at ${expiresAt}; call exportSegment again for a fresh link.`,
      { context: { expiresAt } },
    );
  }
}

const VERSION = 'v1';
/** The most bytes an inflated body may have; a genuine one is a few kilobytes at most. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Writes a ticket as `v1.<body>.<mac>`: the body is the ticket as compact JSON, deflated, in
 * base64url (days as a bitmap over the range, so a long range stays short); the mac is an
 * HMAC-SHA256 of `v1.<body>` with `key`. The token is signed, not encrypted: its holder can read
 * the range and filter, which are theirs anyway.
 */
export function signTicket(ticket: ExportTicket, key: Buffer): string {
  const body = {
    from: ticket.range.from,
    to: ticket.range.to,
    days: dayBitmap(ticket.range, ticket.days),
    filter: ticket.filter,
    format: ticket.format,
    exp: Math.floor(ticket.expiresAtMs / 1000),
    ...(ticket.apps === undefined ? {} : { apps: ticket.apps }),
  };
  const packed = deflateRawSync(JSON.stringify(body)).toString('base64url');
  const signed = `${VERSION}.${packed}`;
  return `${signed}.${mac(signed, key)}`;
}

/**
 * Reads a token back. The signature is checked before anything else is decoded, so forged input
 * never reaches the decompressor or the JSON parser; the expiry is checked last.
 * Throws ExportTokenInvalidError or ExportTokenExpiredError.
 */
export function openTicket(token: string, key: Buffer, nowMs: number): ExportTicket {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) {
    throw new ExportTokenInvalidError('it is not a token this server issues');
  }
  const signed = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(mac(signed, key), 'base64url');
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ExportTokenInvalidError(
      'its signature does not match (it was altered, or signed with another LTV_EXPORT_SECRET)',
    );
  }

  const ticket = decodeBody(parts[1]);
  if (ticket.expiresAtMs <= nowMs) {
    throw new ExportTokenExpiredError(new Date(ticket.expiresAtMs).toISOString());
  }
  return ticket;
}

function mac(signed: string, key: Buffer): string {
  return createHmac('sha256', key).update(signed).digest('base64url');
}

function dayBitmap(range: DayRange, days: readonly string[]): string {
  const bits = Buffer.alloc(Math.ceil((daysBetween(range.from, range.to) + 1) / 8));
  for (const day of days) {
    const offset = daysBetween(range.from, day);
    bits[offset >> 3] |= 1 << (offset & 7);
  }
  return bits.toString('base64url');
}

// Signed by us, so the shape is ours; it is still checked, in case a key outlives a format.
function decodeBody(packed: string): ExportTicket {
  let body: Record<string, unknown>;
  try {
    const json = inflateRawSync(Buffer.from(packed, 'base64url'), {
      maxOutputLength: MAX_BODY_BYTES,
    });
    body = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new ExportTokenInvalidError('its body cannot be read');
  }
  const { from, to, days, filter, format, exp, apps } = body;
  const wellFormed =
    isDay(from) &&
    isDay(to) &&
    from <= to &&
    typeof days === 'string' &&
    typeof filter === 'object' &&
    filter !== null &&
    Object.values(ExportFormat).includes(format as ExportFormat) &&
    Number.isInteger(exp) &&
    (apps === undefined || (Array.isArray(apps) && apps.every((app) => typeof app === 'string')));
  if (!wellFormed) throw new ExportTokenInvalidError('its body is not an export description');

  const bits = Buffer.from(days, 'base64url');
  const range = { from, to };
  return {
    range,
    days: eachDay(from, to).filter(
      (_day, offset) => (bits[offset >> 3] & (1 << (offset & 7))) !== 0,
    ),
    filter: filter as Record<string, unknown>,
    format: format as ExportFormat,
    expiresAtMs: (exp as number) * 1000,
    ...(apps === undefined ? {} : { apps: apps as string[] }),
  };
}
