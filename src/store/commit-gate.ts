/**
 * Keeps read statements and the commit of a day replacement apart.
 *
 * DuckDB 1.5 does not apply a large commit atomically for statements running beside it: with a
 * file database and a day spanning several row groups, a `SELECT count(*) FROM user_day` that
 * runs while the replacement commits can count the day's deleted rows and its new rows
 * together, or part of the new ones (measured: about one read in twenty of those overlapping a
 * commit; test/store/day-replacement-concurrency.test.ts). Statements that end before the commit
 * starts, or start after it ends, see one version of the day.
 *
 * So reads share the gate and a commit takes it alone: it waits for the running reads, and
 * reads that arrive while a commit waits or runs wait for it, so a steady stream of reads
 * cannot starve loads. A commit lasts milliseconds to a second; the time a read waits here is
 * not part of its statement timeout.
 *
 * `Store.stream` takes the gate only to write its answer into a temporary table, then reads the
 * rows from there outside it: holding the gate for a whole export would hold every load back
 * for as long as the slowest consumer reads.
 */
export class CommitGate {
  private reading = 0;
  private committing = false;
  private readonly waitingCommits: (() => void)[] = [];
  private waitingReads: (() => void)[] = [];

  /** Runs a read statement once no commit is running or waiting. */
  async read<T>(work: () => Promise<T>): Promise<T> {
    if (this.committing || this.waitingCommits.length > 0) {
      await new Promise<void>((resolve) => this.waitingReads.push(resolve));
    } else {
      this.reading += 1;
    }
    try {
      return await work();
    } finally {
      this.reading -= 1;
      if (this.reading === 0) this.startNextCommit();
    }
  }

  /** Runs a commit alone, once the reads running now have ended. */
  async commit<T>(work: () => Promise<T>): Promise<T> {
    if (this.committing || this.reading > 0) {
      await new Promise<void>((resolve) => this.waitingCommits.push(resolve));
    } else {
      this.committing = true;
    }
    try {
      return await work();
    } finally {
      this.committing = false;
      if (!this.startNextCommit()) this.admitReads();
    }
  }

  // The state changes before a waiter resumes, so nobody slips in between.
  private startNextCommit(): boolean {
    const next = this.waitingCommits.shift();
    if (next === undefined || this.reading > 0 || this.committing) {
      if (next !== undefined) this.waitingCommits.unshift(next);
      return false;
    }
    this.committing = true;
    next();
    return true;
  }

  private admitReads(): void {
    const admitted = this.waitingReads;
    this.waitingReads = [];
    this.reading += admitted.length;
    for (const resume of admitted) resume();
  }
}
