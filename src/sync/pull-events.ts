import type { DayLoad } from '../store';

/**
 * One finished pull of a report day, as `ReportSync.onPullEnded` listeners see it (metrics):
 * - `loaded`: this pull stored the day; `load` holds its rows, bytes and load duration;
 * - `failed`: the pull failed and its job was saved as failed;
 * - `stopped`: shutdown aborted the pull; its job keeps the state it reached, to be resumed.
 */
export interface DayPullEvent {
  readonly day: string;
  readonly outcome: 'loaded' | 'failed' | 'stopped';
  /** From the moment the pull got a concurrency slot until it ended, in milliseconds. */
  readonly durationMs: number;
  readonly load?: DayLoad;
}

/** Receives every finished pull; it must not throw (a throw is logged and ignored). */
export type DayPullListener = (event: DayPullEvent) => void;
