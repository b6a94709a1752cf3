import type { IssuedToken } from './token-request';

/**
 * Holds the current access token and hands it to every caller until shortly before it expires.
 *
 * Single flight: while a token is being fetched, every caller waits on that same promise, so a
 * burst of report requests after start-up (or after expiry) costs one token call, not one each.
 * A failed fetch is not cached; the next caller starts a new one.
 */
export class AccessTokenCache {
  #current: { token: string; refreshAtMs: number } | undefined;
  #inFlight: Promise<string> | undefined;

  /**
   * @param fetchToken performs the token call (with its own retries).
   * @param nowMs the client's clock, epoch milliseconds.
   * @param refreshMarginMs how long before expiry a token stops being handed out.
   */
  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly nowMs: () => number,
    private readonly refreshMarginMs: number,
  ) {}

  /** Returns a token valid for at least the refresh margin, fetching one if needed. */
  get(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current !== undefined && this.nowMs() < current.refreshAtMs) {
      return Promise.resolve(current.token);
    }
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return abandonOnAbort(this.#inFlight, signal);
  }

  /**
   * Forgets `token` after the vendor refused it (401). A token fetched meanwhile by another
   * caller is kept, so concurrent refusals of the same old token cause one refresh, not many.
   */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #fetch(): Promise<string> {
    const requestedAtMs = this.nowMs();
    const issued = await this.fetchToken();
    // A token living shorter than twice the margin is used for half its life instead of never.
    const margin = Math.min(this.refreshMarginMs, issued.expiresInMs / 2);
    this.#current = {
      token: issued.accessToken,
      refreshAtMs: requestedAtMs + issued.expiresInMs - margin,
    };
    return issued.accessToken;
  }
}

/**
 * Lets one caller stop waiting on a shared promise when its signal aborts, without cancelling
 * the work other callers still wait for.
 */
function abandonOnAbort<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return shared;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
