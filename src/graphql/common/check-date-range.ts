import { daysBetween } from '../../availability/day';
import { UserInputError } from '../user-input-error';
import type { DateRange } from './date-range.input';

/**
 * Refuses a range whose `to` is before its `from`, or that spans more than `maxDays` days.
 * `argument` names the argument in the message (`range`, `firstSeen`).
 */
export function checkDateRange(range: DateRange, maxDays: number, argument = 'range'): DateRange {
  const span = daysBetween(range.from, range.to) + 1;
  if (span < 1) {
    throw new UserInputError(
      argument,
      `${argument}.to (${range.to}) is before ${argument}.from (${range.from}); the range is inclusive and must run forwards.`,
    );
  }
  if (span > maxDays) {
    throw new UserInputError(
      argument,
      `${argument} spans ${span} days (${range.from} to ${range.to}); at most ${maxDays} days are allowed.`,
    );
  }
  return range;
}
