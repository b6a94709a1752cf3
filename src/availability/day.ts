import { LtvError } from '../errors/ltv-error';

/**
 * Report days are UTC calendar days written 'YYYY-MM-DD'. These helpers keep them as strings at
 * every boundary and do arithmetic on whole days since 1970-01-01, so no local time zone or
 * daylight-saving shift can move a day.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Thrown when a string is not a real calendar day written strictly as 'YYYY-MM-DD'. */
export class InvalidDayError extends LtvError {
  constructor(value: unknown) {
    super(
      'INVALID_DAY',
      `Invalid day ${JSON.stringify(value)}: expected a UTC day as YYYY-MM-DD.`,
      {
        context: { value: typeof value === 'string' ? value.slice(0, 40) : typeof value },
      },
    );
  }
}

/**
 * True when `value` is a real calendar day written strictly as 'YYYY-MM-DD' (no time, no
 * offset, no single-digit month; 2026-02-30 is rejected). Years before 1000 are rejected too.
 */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (knownDays.has(value)) return true;
  const match = DAY_PATTERN.exec(value);
  if (match === null || match[1] < '1000') return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== value) return false;
  remember(knownDays, value, true);
  return true;
}

/**
 * Days already checked or formatted, since every request checks and lists days (a coverage
 * answer for 12 days took about 12 µs, most of it in Date objects and ISO strings, against
 * about 100 µs for a whole request in a bare Apollo Server). Bounded: emptied when full.
 */
const knownDays = new Map<string, true>();
const dayTexts = new Map<number, string>();
const MEMO_SIZE = 4096;

function remember<K, V>(memo: Map<K, V>, key: K, value: V): void {
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, value);
}

/** Returns `value` unchanged when it is a valid day (see `isDay`); throws InvalidDayError otherwise. */
export function parseDay(value: unknown): string {
  if (!isDay(value)) throw new InvalidDayError(value);
  return value;
}

/** The last day a 'YYYY-MM-DD' string can name; day arithmetic past it has no answer to give. */
export const LAST_DAY = '9999-12-31';

/** The number of whole days from 1970-01-01 to `day` (negative before 1970). */
export function dayNumber(day: string): number {
  return Math.round(dayStartMs(day) / MS_PER_DAY);
}

/** The instant 00:00:00.000 UTC of `day`, in epoch milliseconds. */
export function dayStartMs(day: string): number {
  return Date.parse(`${parseDay(day)}T00:00:00.000Z`);
}

/** The UTC day that contains the instant `at`. */
export function dayOf(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const number = Math.floor(ms / MS_PER_DAY);
  const known = dayTexts.get(number);
  if (known !== undefined) return known;
  const text = new Date(ms).toISOString().slice(0, 10);
  remember(dayTexts, number, text);
  return text;
}

/** The day `days` whole days after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  return dayOf(dayStartMs(day) + days * MS_PER_DAY);
}

/**
 * The day `days` whole days after `day`, or LAST_DAY when that would pass it: a horizon such as
 * "the newest cohort plus its oldest age" can reach beyond any day a report will ever carry, and
 * such a day is simply never loaded.
 */
export function addDaysUpToLast(day: string, days: number): string {
  return daysBetween(day, LAST_DAY) < days ? LAST_DAY : addDays(day, days);
}

/** How many days `to` lies after `from`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Every day from `from` to `to`, both included, oldest first; empty when `to` is before `from`. */
export function eachDay(from: string, to: string): string[] {
  const start = dayStartMs(from);
  const count = daysBetween(from, to) + 1;
  const days: string[] = [];
  // Parsing `from` once per range rather than once per day: this runs on every request.
  for (let offset = 0; offset < count; offset += 1) days.push(dayOf(start + offset * MS_PER_DAY));
  return days;
}
