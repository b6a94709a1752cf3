import { hashPair } from './hash';

/**
 * Identifiers of simulated users. Both are built from a bijection of (slot, lifecycle), so no
 * two users of one seed ever share a user id or an advertising id, however large the population.
 */

/** The largest population the 40-bit identity space supports: slots are 24-bit. */
export const MAX_USERS = 1 << 24;

const HALF_BITS = 20;
const HALF_MASK = (1 << HALF_BITS) - 1;
const HALF_SPAN = 1 << HALF_BITS;

/**
 * A 40-bit number unique to (slot, lifecycle) under `key`: a 4-round Feistel network over two
 * 20-bit halves, which is a permutation whatever its round function. Lifecycles wrap at 2^16,
 * far beyond any real date (a slot cycles at most every 45 days).
 */
export function identityNumber(slot: number, lifecycle: number, key: number): number {
  let high = slot >>> 4;
  let low = ((slot & 0xf) << 16) | (lifecycle & 0xffff);
  for (let round = 0; round < 4; round += 1) {
    const next = high ^ (hashPair(low, key + round) & HALF_MASK);
    high = low;
    low = next;
  }
  return high * HALF_SPAN + low;
}

/**
 * A publisher user id: the identity number in decimal, padded to 12 digits. About one id in
 * eleven starts with '0', which is what tests of text-typed id columns need.
 */
export function formatUserId(identity: number): string {
  // Two small integers print much faster than one 40-bit double.
  const high = Math.floor(identity / 1_000_000);
  const low = identity - high * 1_000_000;
  return String(high).padStart(6, '0') + String(low).padStart(6, '0');
}

/**
 * An advertising id shaped like a version-4 UUID: random-looking leading groups from `noise`
 * and the unique 40-bit identity in the last group. Android GAIDs are lowercase; iOS IDFAs are
 * uppercase, as devices report them.
 */
export function formatAdvertisingId(
  identity: number,
  noise: number,
  moreNoise: number,
  uppercase: boolean,
): string {
  const hex = uppercase ? UPPER_HEX : LOWER_HEX;
  const variant = 8 + (moreNoise & 3);
  return (
    word(hex, noise) +
    '-' +
    hex[moreNoise >>> 24] +
    hex[(moreNoise >>> 16) & 0xff] +
    '-4' +
    hex[(moreNoise >>> 8) & 0xf].slice(1) +
    hex[(moreNoise >>> 4) & 0xff] +
    '-' +
    hex[variant].slice(1) +
    hex[(noise >>> 8) & 0xf].slice(1) +
    hex[noise & 0xff] +
    '-' +
    hex[moreNoise & 0xff] +
    hex[Math.floor(identity / 2 ** 32) & 0xff] +
    word(hex, identity >>> 0)
  );
}

// Two hex digits per byte value; formatting ids is the hottest part of generating a file.
const LOWER_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const UPPER_HEX = LOWER_HEX.map((pair) => pair.toUpperCase());

function word(hex: readonly string[], value: number): string {
  return (
    hex[value >>> 24] + hex[(value >>> 16) & 0xff] + hex[(value >>> 8) & 0xff] + hex[value & 0xff]
  );
}
