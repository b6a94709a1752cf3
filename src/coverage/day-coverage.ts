/**
 * Which days of a requested range an answer is made of. `pending` days can still be pulled
 * (or are not published yet); `unavailable` days are older than the vendor window and were never
 * stored, so they never will be.
 */
export interface DayCoverage {
  readonly loaded: string[];
  readonly pending: string[];
  readonly unavailable: string[];
  readonly complete: boolean;
}

/** An inclusive range of UTC days, 'YYYY-MM-DD'. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/**
 * What the API asks of the sync side about days. Implemented by the report sync, which is the
 * only place that decides to pull a day.
 */
export interface CoverageSource {
  /**
   * Starts pulling the range's pullable days that are not stored, waits for them up to the
   * configured budget, and says what is stored by then. Never throws for vendor trouble while
   * some day of the range is stored; throws a coded error when none is and none could be pulled.
   */
  ensure(range: DayRange): Promise<DayCoverage>;
  /** What is stored now, without pulling anything. */
  current(range: DayRange): Promise<DayCoverage>;
  /** The newest stored day, or undefined for an empty store. */
  latestLoadedDay(): Promise<string | undefined>;
  /**
   * The oldest UTC day the vendor serves at this moment. Stored days before it can no longer be
   * pulled or refreshed, so an answer made only of them is final (see src/graphql/cache-hints.ts).
   */
  oldestPullableDay(): string;
}
