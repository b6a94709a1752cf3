import { SCOPES, type Scope } from '../config/auth-config';

export type { Scope };

/** Who is asking, established once per request before any resolver runs. */
export interface Identity {
  /** The API key's configured name, or the token's `sub`; safe to log. */
  readonly name: string;
  /** How the identity was established. */
  readonly via: 'api-key' | 'jwt' | 'open';
  readonly scopes: ReadonlySet<Scope>;
  /**
   * The app ids this identity may read, applied inside every statement's SQL; undefined means
   * every app. An empty list reads nothing.
   */
  readonly apps: readonly string[] | undefined;
}

/**
 * The identity of every request while authentication is off (the demo default, or
 * LTV_AUTH=off), and of in-process callers such as tests and tools: every scope, every app.
 */
export const OPEN_IDENTITY: Identity = Object.freeze({
  name: 'anonymous',
  via: 'open',
  scopes: new Set(SCOPES),
  apps: undefined,
});
