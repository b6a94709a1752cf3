import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import type { Logger } from 'pino';

/** The header a request id arrives in and is returned in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming id is kept only if it is this short and made of these characters. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Marks a logger (and, through pino's prototype chain, its children) as carrying the id. */
const CARRIES_REQUEST_ID = Symbol('carriesRequestId');

/** What is known about the request whose work is running now. */
export interface RequestScope {
  readonly requestId: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * The request id to use for a request: the caller's `x-request-id` when it is 1 to 64 letters,
 * digits, '.', '_', ':' or '-' (so it cannot forge log fields or carry a payload), else a new
 * random UUID.
 */
export function acceptRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTED_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * Runs `work` as part of the request `requestId`: everything it starts, synchronously or
 * through promises and timers, sees the scope, so log lines written anywhere below it (store
 * statements, vendor calls) carry the id without a logger being passed down. Work started on
 * its behalf and shared with later requests (a day pull joined by others) keeps the id of the
 * request that started it.
 */
export function runInRequestScope<T>(requestId: string, work: () => T): T {
  return scopes.run({ requestId }, work);
}

/** The id of the request whose work is running now, or undefined outside any request. */
export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId;
}

/**
 * A child of `logger` bound to the current request id, for the per-request GraphQL context; the
 * logger itself outside a request. Its lines carry `requestId` once, not twice with the mixin.
 */
export function requestLogger(logger: Logger): Logger {
  const requestId = currentRequestId();
  if (requestId === undefined) return logger;
  const child = logger.child({ requestId });
  Object.defineProperty(child, CARRIES_REQUEST_ID, { value: true });
  return child;
}

/**
 * A pino `mixin`: adds `requestId` to every line written while a request's work runs, unless
 * the logger is (a child of) a `requestLogger`, which carries it already.
 */
export function requestIdMixin(_fields: object, _level: number, logger: unknown): object {
  const requestId = currentRequestId();
  if (requestId === undefined) return {};
  if ((logger as { [CARRIES_REQUEST_ID]?: boolean } | undefined)?.[CARRIES_REQUEST_ID]) return {};
  return { requestId };
}
