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
  return String(identity).padStart(12, '0');
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
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');
  const variant = 8 + (moreNoise & 3);
  const text =
    `${hex(noise, 8)}-${hex(moreNoise >>> 16, 4)}-4${hex((moreNoise >>> 4) & 0xfff, 3)}-` +
    `${variant.toString(16)}${hex(noise & 0xfff, 3)}-${hex(moreNoise & 0xff, 2)}${hex(identity, 10)}`;
  return uppercase ? text.toUpperCase() : text;
}
