/** One line of the results table: a measurement, what it is compared with, and its target. */
export interface CaseResult {
  /** The case, as named in issue 7 or 9 (`topUsers`, `user(id) growth`). */
  readonly name: string;
  /** What was measured through the product, formatted (median and spread, or a rate). */
  readonly product: string;
  /** The same question answered by DuckDB alone in the same run, formatted; '—' when none. */
  readonly engine: string;
  /** product ÷ engine (or the case's own ratio), when the case has one. */
  readonly ratio?: number;
  /** The target in words, e.g. `≤ 1.3×`, `≤ 200 ms`. */
  readonly target: string;
  readonly met: boolean;
  /** What the numbers mean or why a target missed; short. */
  readonly note?: string;
}

/** A ratio target: `product ÷ engine ≤ limit`. */
export function atMost(limit: number): { target: string; met: (ratio: number) => boolean } {
  return { target: `≤ ${limit}×`, met: (ratio) => ratio <= limit };
}

/** An absolute time target in milliseconds, judged on the median. */
export function withinMs(limitMs: number): { target: string; met: (ms: number) => boolean } {
  return { target: `≤ ${limitMs} ms`, met: (ms) => ms <= limitMs };
}
