import type { DayLoad } from '../store';

/**
 * How a request for one report day ended:
 * - `loaded`: the day is stored (`load` is set when this very pull loaded it);
 * - `failed`: the pull failed; `error` says why (a coded LtvError where known);
 * - `unavailable`: older than the vendor window and never stored: it can no longer be had;
 * - `not-yet`: the vendor has not published it yet (today, the future, yesterday before noon).
 */
export type DayOutcome =
  | { readonly day: string; readonly state: 'loaded'; readonly load?: DayLoad }
  | { readonly day: string; readonly state: 'failed'; readonly error: Error }
  | { readonly day: string; readonly state: 'unavailable' }
  | { readonly day: string; readonly state: 'not-yet' };

/** The stable code of a failure, for logs, statuses and GraphQL errors. */
export function failureCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'SYNC_FAILED';
}
