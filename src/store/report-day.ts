import { InvalidReportDayError } from './errors';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks that `day` is a real UTC calendar day written 'YYYY-MM-DD' and returns it unchanged.
 * Every store function that takes a day calls this first, so SQL never sees a malformed one.
 */
export function assertReportDay(day: unknown): string {
  if (typeof day !== 'string' || !DAY_PATTERN.test(day)) {
    throw new InvalidReportDayError(day);
  }
  // Date.parse accepts 2026-02-30 by rolling over; the round trip catches it.
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new InvalidReportDayError(day);
  }
  return day;
}
