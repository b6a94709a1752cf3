/** The counted fault switches, by name. */
export type CountedFault =
  | 'tokenServerErrors'
  | 'reportServerErrors'
  | 'reportRateLimits'
  | 'neverReadyReports'
  | 'slowReports'
  | 'resetDownloads'
  | 'truncatedDownloads'
  | 'malformedDownloads'
  | 'missingColumnDownloads';

/**
 * Fault switches, set at runtime by tests. Each counted switch applies to the next n matching
 * requests and counts itself down; set it to Infinity to keep it on. The settings beside them
 * shape the fault (how many bytes before a reset, which column goes missing).
 */
export class SimulatorFaults {
  /** The next n token requests fail with 500 internal_server_error. */
  tokenServerErrors = 0;
  /** The next n authorised report requests fail with 500 internal_server_error. */
  reportServerErrors = 0;
  /** The next n authorised report requests are answered 429 with Retry-After. */
  reportRateLimits = 0;
  /** Retry-After, in seconds, of the 429s above. */
  rateLimitRetryAfterSeconds = 1;
  /** The files of the next n reports created never become ready (not-ready until expiry). */
  neverReadyReports = 0;
  /** The files of the next n reports created become ready only after slowReadyMs. */
  slowReports = 0;
  /** Real milliseconds a slow report's file stays not ready. */
  slowReadyMs = 60_000;
  /** The next n file downloads lose their connection (TCP reset) after resetAfterBytes. */
  resetDownloads = 0;
  /** Body bytes sent before a reset. */
  resetAfterBytes = 1_024;
  /** The next n file downloads end halfway through a line, cleanly and without error. */
  truncatedDownloads = 0;
  /** Data rows sent whole before a truncated file's cut. */
  truncateAfterRows = 5;
  /** The next n file downloads carry one row whose revenue is `n/a`. */
  malformedDownloads = 0;
  /** The next n file downloads lack the column named by missingColumn. */
  missingColumnDownloads = 0;
  /** Header text of the column a missing-column download leaves out. */
  missingColumn = 'Revenue (USD)';

  /** Whether fault `name` applies to this request; counts it down when it does. */
  take(name: CountedFault): boolean {
    if (!(this[name] > 0)) return false;
    this[name] -= 1;
    return true;
  }

  /** Turns every counted switch off; shaping settings keep their values. */
  clear(): void {
    this.tokenServerErrors = 0;
    this.reportServerErrors = 0;
    this.reportRateLimits = 0;
    this.neverReadyReports = 0;
    this.slowReports = 0;
    this.resetDownloads = 0;
    this.truncatedDownloads = 0;
    this.malformedDownloads = 0;
    this.missingColumnDownloads = 0;
  }
}
