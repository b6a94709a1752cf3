/** What was asked of one report day. */
export interface DayCounters {
  reportRequests: number;
  reportsCreated: number;
  downloadsStarted: number;
  downloadsCompleted: number;
}

/**
 * Tallies of what clients asked, for tests to assert on (e.g. "the token was fetched once").
 * Every request is counted on arrival, before any fault or error decides its answer.
 */
export class SimulatorCounters {
  /** POST /auth/v1/token requests, whatever their outcome. */
  tokenRequests = 0;
  /** Access tokens handed out. */
  tokensIssued = 0;
  /** POST /api/v1/report requests, whatever their outcome. */
  reportRequests = 0;
  /** Report requests answered 200 with a URL. */
  reportsCreated = 0;
  /** GET requests on download URLs, whatever their outcome (polls included). */
  downloadRequests = 0;
  /** Download requests answered "not ready". */
  notReadyAnswers = 0;
  /** Download requests answered 403 because the URL expired. */
  expiredAnswers = 0;
  /** File bodies whose sending began. */
  downloadsStarted = 0;
  /** File bodies sent to the end (a truncated-file fault still completes). */
  downloadsCompleted = 0;
  /**
   * Files written into the file cache (`fileCacheDir`): the simulator's own work, not a client's
   * request. A download served from a file already on disk does not count.
   */
  filesRendered = 0;
  private readonly days = new Map<string, DayCounters>();

  /** The tallies of one report day ('YYYY-MM-DD'); zeros when it was never asked for. */
  forDay(day: string): Readonly<DayCounters> {
    return { ...(this.days.get(day) ?? emptyDay()) };
  }

  /** Every day asked for so far, oldest first. */
  daysAsked(): string[] {
    return [...this.days.keys()].sort();
  }

  /** Adds one to `field` of `day`. */
  countDay(day: string, field: keyof DayCounters): void {
    let counters = this.days.get(day);
    if (counters === undefined) {
      counters = emptyDay();
      this.days.set(day, counters);
    }
    counters[field] += 1;
  }

  /** Sets every tally back to zero. */
  reset(): void {
    this.tokenRequests = 0;
    this.tokensIssued = 0;
    this.reportRequests = 0;
    this.reportsCreated = 0;
    this.downloadRequests = 0;
    this.notReadyAnswers = 0;
    this.expiredAnswers = 0;
    this.downloadsStarted = 0;
    this.downloadsCompleted = 0;
    this.filesRendered = 0;
    this.days.clear();
  }
}

function emptyDay(): DayCounters {
  return { reportRequests: 0, reportsCreated: 0, downloadsStarted: 0, downloadsCompleted: 0 };
}
