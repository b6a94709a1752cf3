/**
 * Lends a fixed set of resources (here: DuckDB sessions) to one caller at a time each, queueing
 * callers in arrival order when all are busy. A pool of one is a mutex: that is how the store
 * serialises loads on its single load connection.
 */
export class ConnectionPool<T> {
  private readonly idle: T[];
  private readonly waiting: ((resource: T) => void)[] = [];

  constructor(private readonly resources: readonly T[]) {
    this.idle = [...resources];
  }

  /** Runs `work` with a resource of its own and returns what it returns; always gives it back. */
  async use<R>(work: (resource: T) => Promise<R>): Promise<R> {
    const resource = await this.acquire();
    try {
      return await work(resource);
    } finally {
      this.release(resource);
    }
  }

  /** Every resource, busy or idle, for closing them at shutdown. */
  all(): readonly T[] {
    return this.resources;
  }

  private acquire(): Promise<T> {
    const resource = this.idle.pop();
    if (resource !== undefined) return Promise.resolve(resource);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(resource: T): void {
    const next = this.waiting.shift();
    if (next) next(resource);
    else this.idle.push(resource);
  }
}
