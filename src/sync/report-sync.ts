import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { dayAvailability, pullableRange, type AvailabilityRule } from '../availability/window';
import { eachDay } from '../availability/day';
import type { DayCoverage, DayRange } from '../coverage/day-coverage';
import type { Logger } from '../logging/logger';
import type { LoadedDay, Store } from '../store';
import type { UpstreamClient } from '../upstream';
import { ConcurrencyLimit } from './concurrency-limit';
import type { DayOutcome } from './day-outcome';
import { pullDay } from './day-pull';
import type { DayPullEvent, DayPullListener } from './pull-events';

export interface ReportSyncOptions {
  readonly store: Store;
  readonly upstream: Pick<UpstreamClient, 'requestReport' | 'downloadReport'>;
  readonly rule: AvailabilityRule;
  /** Where report files are written while they download; emptied at start. */
  readonly downloadDir: string;
  readonly logger: Logger;
  /** Report days pulled at once. */
  readonly concurrency: number;
  readonly now?: () => Date;
  /** How long a failed day is left alone by queries before they try it again, in ms. */
  readonly failureCooldownMs?: number;
  /** Lifetime of a pre-signed URL after its report request, in ms (3 hours). */
  readonly urlLifetimeMs?: number;
}

/** A failed pull, remembered so queries do not hammer the vendor with the same day. */
interface Failure {
  readonly error: Error;
  readonly atMs: number;
}

/**
 * The one place that decides to pull a report day. Whoever asks for a day (a query, the
 * `syncDays` mutation, the `sync` command) goes through here, so:
 * - at most one pull of a day runs at a time in this process (later callers share it);
 * - at most `concurrency` days are pulled at once;
 * - days outside the vendor window are never requested;
 * - jobs are persisted by `pullDay`, and `resume` picks up the ones a stopped process left.
 * It also knows which days are stored (read once at start, then kept current), which is what
 * coverage answers are made of.
 */
export class ReportSync {
  private readonly inFlight = new Map<string, Promise<DayOutcome>>();
  private readonly failures = new Map<string, Failure>();
  private readonly limit: ConcurrencyLimit;
  private readonly abort = new AbortController();
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly pullListeners = new Set<DayPullListener>();
  private loaded = new Set<string>();

  private constructor(private readonly options: ReportSyncOptions) {
    this.limit = new ConcurrencyLimit(options.concurrency);
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger.child({ module: 'sync' });
  }

  /** Prepares the download folder and reads which days are stored. */
  static async start(options: ReportSyncOptions): Promise<ReportSync> {
    const sync = new ReportSync(options);
    await mkdir(options.downloadDir, { recursive: true });
    // Files left by a stopped process are incomplete or already loaded; jobs say what to redo.
    for (const name of await readdir(options.downloadDir)) {
      await rm(join(options.downloadDir, name), { force: true, recursive: true });
    }
    sync.loaded = new Set((await options.store.loadedDays()).map((entry) => entry.day));
    return sync;
  }

  /**
   * Restarts the jobs a stopped process left unfinished. Jobs whose URL is still valid resume
   * polling it without a new report request. Returns without waiting for them.
   */
  async resume(): Promise<void> {
    const unfinished = await this.options.store.syncJobs({
      states: ['requested', 'polling', 'downloading', 'loading'],
    });
    for (const job of unfinished) {
      this.logger.info({ day: job.day, state: job.state }, 'resuming unfinished sync job');
      void this.pull(job.day, { refresh: true });
    }
  }

  /**
   * Makes sure `day` is stored, pulling it unless it already is (or `refresh` asks to replace
   * it). Never throws: a failure is an outcome. Concurrent callers for one day share one pull.
   */
  pull(day: string, options: { refresh?: boolean } = {}): Promise<DayOutcome> {
    const running = this.inFlight.get(day);
    if (running) return running;
    if (this.loaded.has(day) && !options.refresh) return Promise.resolve({ day, state: 'loaded' });

    const availability = dayAvailability(day, this.now(), this.options.rule);
    if (availability === 'gone') {
      return Promise.resolve({ day, state: this.loaded.has(day) ? 'loaded' : 'unavailable' });
    }
    if (availability === 'not-yet') return Promise.resolve({ day, state: 'not-yet' });

    const outcome = this.limit
      .run(() => this.pullNow(day))
      .finally(() => this.inFlight.delete(day));
    this.inFlight.set(day, outcome);
    return outcome;
  }

  /** Pulls every day of an inclusive range (bounded concurrency) and reports each outcome. */
  async pullRange(range: DayRange, options: { refresh?: boolean } = {}): Promise<DayOutcome[]> {
    return Promise.all(eachDay(range.from, range.to).map((day) => this.pull(day, options)));
  }

  /**
   * Starts pulls of the range's pullable days that are missing (except days that failed
   * within the cooldown), waits for them up to `budgetMs`, and answers what is stored then,
   * with the failures seen.
   */
  async ensure(
    range: DayRange,
    budgetMs: number,
  ): Promise<{ coverage: DayCoverage; failures: { day: string; error: Error }[] }> {
    const cooldownMs = this.options.failureCooldownMs ?? 5 * 60_000;
    const nowMs = this.now().getTime();
    const pulls: Promise<DayOutcome>[] = [];
    for (const day of eachDay(range.from, range.to)) {
      if (this.loaded.has(day)) continue;
      const failure = this.failures.get(day);
      if (failure && nowMs - failure.atMs < cooldownMs && !this.inFlight.has(day)) continue;
      pulls.push(this.pull(day));
    }
    if (pulls.length > 0 && budgetMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)));
      await Promise.race([Promise.all(pulls), budget]);
      clearTimeout(timer);
    }
    const failures = eachDay(range.from, range.to).flatMap((day) => {
      const failure = this.failures.get(day);
      return failure && !this.loaded.has(day) ? [{ day, error: failure.error }] : [];
    });
    return { coverage: this.coverage(range), failures };
  }

  /** Which days of the range are stored, still to come, or gone for good; pulls nothing. */
  coverage(range: DayRange): DayCoverage {
    // Days older than the window are gone ('YYYY-MM-DD' strings order like the days they name).
    const { oldest } = pullableRange(this.now(), this.options.rule);
    const loaded: string[] = [];
    const pending: string[] = [];
    const unavailable: string[] = [];
    for (const day of eachDay(range.from, range.to)) {
      if (this.loaded.has(day)) loaded.push(day);
      else if (day < oldest) unavailable.push(day);
      else pending.push(day);
    }
    return {
      loaded,
      pending,
      unavailable,
      complete: pending.length === 0 && unavailable.length === 0,
    };
  }

  /** Catalogue entries of the stored days of a range, oldest first. */
  storedDays(range: DayRange): Promise<LoadedDay[]> {
    return this.options.store.loadedDays(range);
  }

  /** The newest stored day, or undefined for an empty store. */
  latestLoadedDay(): string | undefined {
    let latest: string | undefined;
    for (const day of this.loaded) if (latest === undefined || day > latest) latest = day;
    return latest;
  }

  /** The oldest day the vendor serves now; stored days before it are final. */
  oldestPullableDay(): string {
    return pullableRange(this.now(), this.options.rule).oldest;
  }

  /** Whether a pull of `day` is running now. */
  isPulling(day: string): boolean {
    return this.inFlight.has(day);
  }

  /** Pulls started and not yet ended, waiting for a concurrency slot or running (a gauge). */
  pendingPulls(): number {
    return this.inFlight.size;
  }

  /** How many report days are stored. */
  storedDayCount(): number {
    return this.loaded.size;
  }

  /** Calls `listener` after every pull ends, whatever its outcome; returns the unsubscribe. */
  onPullEnded(listener: DayPullListener): () => void {
    this.pullListeners.add(listener);
    return () => {
      this.pullListeners.delete(listener);
    };
  }

  /** The last failure of a day not stored since, if any. */
  lastFailure(day: string): Error | undefined {
    return this.loaded.has(day) ? undefined : this.failures.get(day)?.error;
  }

  /**
   * Stops: running pulls are aborted and awaited. Their jobs stay saved in the state they
   * reached, so the next start resumes them.
   */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async pullNow(day: string): Promise<DayOutcome> {
    const started = performance.now();
    try {
      const load = await pullDay(
        {
          store: this.options.store,
          upstream: this.options.upstream,
          downloadDir: this.options.downloadDir,
          now: this.now,
          logger: this.logger,
          urlLifetimeMs: this.options.urlLifetimeMs ?? 3 * 3_600_000,
          maxUrlRenewals: 2,
          signal: this.abort.signal,
        },
        day,
      );
      this.loaded.add(day);
      this.failures.delete(day);
      this.pullEnded({ day, outcome: 'loaded', durationMs: performance.now() - started, load });
      return { day, state: 'loaded', load };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.failures.set(day, { error: failure, atMs: this.now().getTime() });
      const outcome = this.abort.signal.aborted ? 'stopped' : 'failed';
      this.pullEnded({ day, outcome, durationMs: performance.now() - started });
      return { day, state: 'failed', error: failure };
    }
  }

  private pullEnded(event: DayPullEvent): void {
    for (const listener of this.pullListeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn({ day: event.day, err: error }, 'pull listener threw');
      }
    }
  }
}
