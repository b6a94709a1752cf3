import { addDays, dayOf, dayStartMs, eachDay, parseDay } from './day';

/**
 * The vendor's availability rule: at a time `now` on UTC day T, day D can be pulled when
 * T - windowDays <= D <= T - 1, and D = T - 1 only once now >= T at `availableHourUtc`:00 UTC.
 * Before that hour the window holds windowDays - 1 days, from then on windowDays days.
 */
export interface AvailabilityRule {
  /** How many days back the vendor still serves (12). */
  windowDays: number;
  /** The UTC hour (0-24, fractions allowed) from which yesterday can be pulled (12). */
  availableHourUtc: number;
}

/** The rule the vendor documents: the previous 12 days, available by 12:00 UTC. */
export const DEFAULT_AVAILABILITY_RULE: Readonly<AvailabilityRule> = Object.freeze({
  windowDays: 12,
  availableHourUtc: 12,
});

/** Where a day stands against the window: servable now, not published yet, or dropped upstream. */
export type DayAvailability = 'pullable' | 'not-yet' | 'gone';

/** The oldest and newest pullable day at `now`; `newest` may lie before `oldest` (empty window). */
export function pullableRange(
  now: Date,
  rule: AvailabilityRule = DEFAULT_AVAILABILITY_RULE,
): { oldest: string; newest: string } {
  const today = dayOf(now);
  const publishedAt = dayStartMs(today) + rule.availableHourUtc * 3_600_000;
  const newest = addDays(today, now.getTime() >= publishedAt ? -1 : -2);
  return { oldest: addDays(today, -rule.windowDays), newest };
}

/** The days that can be pulled at `now`, oldest first (12 after the hour, 11 before it). */
export function pullableDays(
  now: Date,
  rule: AvailabilityRule = DEFAULT_AVAILABILITY_RULE,
): string[] {
  const { oldest, newest } = pullableRange(now, rule);
  return eachDay(oldest, newest);
}

/** Whether `day` ('YYYY-MM-DD', UTC) can be pulled at `now`; throws InvalidDayError on a bad day. */
export function isPullable(
  day: string,
  now: Date,
  rule: AvailabilityRule = DEFAULT_AVAILABILITY_RULE,
): boolean {
  return dayAvailability(day, now, rule) === 'pullable';
}

/**
 * Classifies `day` at `now`: 'gone' when older than the window (only a store's copy remains),
 * 'not-yet' when today, in the future, or yesterday before the hour, 'pullable' otherwise.
 */
export function dayAvailability(
  day: string,
  now: Date,
  rule: AvailabilityRule = DEFAULT_AVAILABILITY_RULE,
): DayAvailability {
  parseDay(day);
  const { oldest, newest } = pullableRange(now, rule);
  // 'YYYY-MM-DD' strings order like the days they name.
  if (day < oldest) return 'gone';
  if (day > newest) return 'not-yet';
  return 'pullable';
}
