import type { GraphQLResolveInfo } from 'graphql';

import type { DayCoverage, DayRange } from '../coverage/day-coverage';

/**
 * Cache hints. Apollo Server's cache control plugin turns the hints of the fields an operation
 * resolves into one `Cache-Control` header: the smallest max-age wins, and a root or object
 * field without a hint makes the answer uncacheable. A router can therefore cache an
 * `_entities` fetch for as long as its least settled field allows.
 */

/** How long a router or CDN may keep an answer, in seconds; the one place to change them. */
export interface CacheMaxAges {
  /**
   * For answers made only of stored days older than the vendor window: the vendor no longer
   * serves them, so no pull or refresh can replace them.
   */
  readonly settledSeconds: number;
  /**
   * For answers that read days the vendor still serves (a refresh may replace them), days not
   * stored yet, all stored history (it grows with every load) or whether a user exists.
   */
  readonly changingSeconds: number;
}

/** One day for settled answers, one minute for the rest. */
export const CACHE_MAX_AGES: CacheMaxAges = Object.freeze({
  settledSeconds: 86_400,
  changingSeconds: 60,
});

/**
 * Apollo's `@cacheControl` directive, which a subgraph declares itself; composition leaves it
 * out of the supergraph (routers cache by the subgraphs' `Cache-Control` headers instead).
 * `scope` is left out: every answer is the same for every caller, and its enum would otherwise
 * end up in the supergraph's API.
 */
export const CACHE_CONTROL_SDL =
  'directive @cacheControl(maxAge: Int, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION';

/** What the cache control plugin puts on `info` while it runs (it always does in a server). */
interface CacheControlInfo {
  readonly cacheControl?: { setCacheHint(hint: { maxAge?: number }): void };
}

/**
 * Gives the field being resolved the settled or the changing max-age, replacing any static
 * hint. Without the cache control plugin (a schema executed directly) it does nothing.
 */
export function hintMaxAge(info: GraphQLResolveInfo, settled: boolean): void {
  const maxAge = settled ? CACHE_MAX_AGES.settledSeconds : CACHE_MAX_AGES.changingSeconds;
  (info as CacheControlInfo).cacheControl?.setCacheHint({ maxAge });
}

/**
 * Whether an answer over `range` is final: every day of the range is stored (`coverage` says
 * so) and older than `oldestPullableDay`, the oldest day the vendor still serves.
 */
export function isSettled(
  range: DayRange,
  coverage: DayCoverage,
  oldestPullableDay: string,
): boolean {
  // 'YYYY-MM-DD' strings order like the days they name.
  return coverage.complete && range.to < oldestPullableDay;
}
