import { eachDay } from '../../availability/day';
import type { DayCoverage, DayRange } from '../../coverage/day-coverage';
import { Coverage } from './coverage.type';

/** The GraphQL value of a coverage answer. */
export function coverageOf(coverage: DayCoverage): Coverage {
  return Object.assign(new Coverage(), coverage);
}

/**
 * The coverage of an answer that reads exactly `days` of `range` (a page pinned by its cursor):
 * those days are loaded, the rest are unavailable when the store says so and pending otherwise.
 */
export function coverageOfDays(
  range: DayRange,
  days: readonly string[],
  now: DayCoverage,
): Coverage {
  const read = new Set(days);
  const gone = new Set(now.unavailable);
  const all = eachDay(range.from, range.to);
  const pending = all.filter((day) => !read.has(day) && !gone.has(day));
  return coverageOf({
    loaded: all.filter((day) => read.has(day)),
    pending,
    unavailable: all.filter((day) => gone.has(day)),
    complete: pending.length === 0 && gone.size === 0,
  });
}
