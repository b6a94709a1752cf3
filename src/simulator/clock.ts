/**
 * The simulator's wall clock, which tests steer. It drives token expiry, URL expiry, the
 * availability window and the daily quota. File readiness deliberately runs on real time
 * instead, so that a client polling in real time sees files become ready even while the
 * simulated date is pinned.
 */
export class SimulatorClock {
  private pinnedMs: number | undefined;
  private offsetMs = 0;

  constructor(private readonly base: () => Date) {}

  /** The simulated current time. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** The simulated current time in epoch milliseconds. */
  nowMs(): number {
    return this.pinnedMs ?? this.base().getTime() + this.offsetMs;
  }

  /** Stops the clock at `at` (a Date or an ISO 8601 string) until `release()`. */
  set(at: Date | string): void {
    this.pinnedMs = new Date(at).getTime();
  }

  /** Moves the clock forward by `ms` (backward when negative), pinned or not. */
  advance(ms: number): void {
    if (this.pinnedMs === undefined) this.offsetMs += ms;
    else this.pinnedMs += ms;
  }

  /** Returns to the base clock (the `now` option, or real time) with no offset. */
  release(): void {
    this.pinnedMs = undefined;
    this.offsetMs = 0;
  }
}
