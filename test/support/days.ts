/** UTC day arithmetic for expected values, kept apart from the gateway's own helpers. */

const MS_PER_DAY = 86_400_000;

/** The day `count` days after `day` (before it when negative), both 'YYYY-MM-DD'. */
export function plusDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Every day from `from` through `to`, oldest first. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = plusDays(day, 1)) days.push(day);
  return days;
}
