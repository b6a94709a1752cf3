import type { DayOutcome } from '../sync/day-outcome';

/**
 * Shows how far a sync is: a bar redrawn in place on a terminal, one plain line per finished day
 * otherwise (CI logs, pipes), so either way the output is readable.
 */
export class SyncProgress {
  private done = 0;
  private readonly interactive: boolean;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream,
  ) {
    this.interactive = out.isTTY === true;
    if (this.interactive) this.draw('');
  }

  /** Counts a finished day. */
  record(outcome: DayOutcome): void {
    this.done += 1;
    const detail =
      outcome.state === 'loaded' && outcome.load
        ? `${outcome.day} loaded, ${outcome.load.rows} rows`
        : `${outcome.day} ${outcome.state === 'loaded' ? 'already stored' : outcome.state}`;
    if (this.interactive) this.draw(detail);
    else this.out.write(`[${this.done}/${this.total}] ${detail}\n`);
  }

  /** Ends the bar's line. */
  finish(): void {
    if (this.interactive) this.out.write('\n');
  }

  private draw(detail: string): void {
    const width = 30;
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    this.out.write(`\r[${bar}] ${this.done}/${this.total} ${detail}`.padEnd(80));
  }
}
