import type { Logger } from '../logging/logger';

/** One finished statement, as seen by `Store.onStatement` listeners and the debug log. */
export interface StatementEvent {
  /** The snake_case statement name given by the caller (e.g. 'user_totals'). */
  name: string;
  /** Wall time from submitting the statement to having its converted rows, in milliseconds. */
  durationMs: number;
  /** Rows returned (queries) or changed (inserts, deletes); 0 for a failed statement. */
  rows: number;
  failed: boolean;
}

/** Receives every statement the store runs, including the ones inside loads and migrations. */
export type StatementListener = (event: StatementEvent) => void;

/**
 * Fans statement events out to the debug log and to listeners. A listener that throws is logged
 * and otherwise ignored: observation must never change what a statement returns.
 */
export class StatementObserver {
  private readonly listeners = new Set<StatementListener>();

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; the returned function removes it again. */
  subscribe(listener: StatementListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  record(event: StatementEvent): void {
    const fields = {
      statement: event.name,
      durationMs: Math.round(event.durationMs * 100) / 100,
      rows: event.rows,
    };
    if (event.failed) this.logger.debug(fields, 'statement failed');
    else this.logger.debug(fields, 'ran statement');
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn({ statement: event.name, err: error }, 'statement listener threw');
      }
    }
  }
}
