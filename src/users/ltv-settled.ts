import { addDays } from '../availability/day';
import type { GatewayContext } from '../graphql/context';
import type { UserLtvPoint } from './user-readers';

/** Per request: whether the days from a first-seen day through an end day are all stored. */
const spanChecks = new WeakMap<GatewayContext, Map<string, Promise<boolean>>>();

/**
 * Whether a user's LTV answer is final: the user has rows, and every day from the first-seen
 * day through first-seen + the largest requested age is stored and older than the vendor
 * window. Then no load can add an earlier first-seen day or change a day the points sum, so
 * the revenues (and their maturity) are fixed. A batch of users shares one check per distinct
 * first-seen day; none of it runs SQL.
 */
export async function ltvIsSettled(
  context: GatewayContext,
  points: readonly UserLtvPoint[],
  days: readonly number[],
): Promise<boolean> {
  if (points.length === 0 || days.length === 0) return false;
  const from = points[0].firstSeen;
  const to = addDays(from, Math.max(...days));
  if (to >= context.coverage.oldestPullableDay()) return false;

  let checks = spanChecks.get(context);
  if (!checks) spanChecks.set(context, (checks = new Map()));
  const key = `${from}:${to}`;
  let stored = checks.get(key);
  if (!stored) {
    stored = context.coverage.current({ from, to }).then((coverage) => coverage.complete);
    checks.set(key, stored);
  }
  return stored;
}
