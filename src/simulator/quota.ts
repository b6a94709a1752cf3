import { addDays, dayOf, dayStartMs } from '../availability/day';

/** The outcome of asking the quota for one more report request. */
export type QuotaAnswer = { granted: true } | { granted: false; retryAfterSeconds: number };

/**
 * The daily report quota: at most `limit` accepted report requests per UTC day of the
 * simulator's clock. A refusal says how long until the next UTC midnight.
 */
export class DailyQuota {
  private day = '';
  private used = 0;

  constructor(private readonly limit: number) {}

  /** Takes one request from today's quota, or says when it refills. */
  take(nowMs: number): QuotaAnswer {
    const today = dayOf(nowMs);
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
    }
    if (this.used >= this.limit) {
      const nextMidnightMs = dayStartMs(addDays(today, 1));
      return { granted: false, retryAfterSeconds: Math.ceil((nextMidnightMs - nowMs) / 1000) };
    }
    this.used += 1;
    return { granted: true };
  }
}
