/**
 * Exact USD amounts for expected values: a bigint count of 10^-18 dollars, the precision the
 * store keeps. Tests sum these exactly and turn the result into a binary float only to compare
 * it with the API's `Float` output.
 */

/** How many units make one dollar. */
export const USD_SCALE = 10n ** 18n;
const SCALE_DIGITS = 18;

const NUMBER_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal written the way `String(number)` writes it (`0.036300000000000006`,
 * `1.2345678901234567e-05`, `42`) into units of 10^-18 USD. Digits beyond the 18th fractional
 * one are rounded half away from zero. Throws on anything else, including an empty string.
 */
export function parseUsd(text: string): bigint {
  const match = NUMBER_TEXT.exec(text.trim());
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new Error(`Not a decimal amount: ${JSON.stringify(text)}.`);
  }
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${whole}${fraction}` || '0');
  // The amount is digits × 10^shift dollars; in units that is digits × 10^(shift + 18).
  const shift = Number(exponent) - fraction.length + SCALE_DIGITS;
  const magnitude = shift >= 0 ? digits * 10n ** BigInt(shift) : roundedDown(digits, -shift);
  return sign === '-' ? -magnitude : magnitude;
}

/** `digits / 10^places`, rounded half away from zero (digits is never negative here). */
function roundedDown(digits: bigint, places: number): bigint {
  const divisor = 10n ** BigInt(places);
  const quotient = digits / divisor;
  return (digits % divisor) * 2n >= divisor ? quotient + 1n : quotient;
}

/** The amount as the nearest binary float, in USD. */
export function usdToNumber(units: bigint): number {
  return Number(formatUsd(units));
}

/** The amount as exact decimal text with 18 fractional digits, e.g. `-0.250000000000000000`. */
export function formatUsd(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / USD_SCALE;
  const fraction = (magnitude % USD_SCALE).toString().padStart(SCALE_DIGITS, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
