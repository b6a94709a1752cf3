import { OPEN_IDENTITY, type Identity } from '../auth/identity';
import type { CoverageSource, DayRange } from '../coverage/day-coverage';
import type { Logger } from '../logging/logger';
import { requestLogger } from '../logging/request-scope';
import type { StatementRunner } from '../readers/statement-runner';
import type { SegmentExportLinks } from '../segments/export-links';
import type { DayOutcome } from '../sync/day-outcome';
import { UserLoaders } from '../users/user-loaders';

/** The limits arguments are checked against. */
export interface ApiLimits {
  readonly maxRangeDays: number;
  readonly maxPageSize: number;
}

/** What the API may ask of the report sync directly (the `syncDays` mutation). */
export interface SyncControl {
  pullRange(range: DayRange, options: { refresh?: boolean }): Promise<DayOutcome[]>;
  storedDays(range: DayRange): Promise<{ day: string; rows: number; loadedAt: string }[]>;
}

/** What lives for the whole process and every request shares. */
export interface GatewayServices {
  readonly store: StatementRunner;
  readonly coverage: CoverageSource;
  readonly sync: SyncControl;
  readonly limits: ApiLimits;
  readonly logger: Logger;
  /** Signs and checks segment export links; shared with the export download route. */
  readonly exports: SegmentExportLinks;
}

/** What a resolver gets: the shared services and this request's own batchers and memos. */
export interface GatewayContext extends GatewayServices {
  /**
   * Who is asking. Scopes are checked once per operation (src/auth/scope-plugin.ts); every
   * reader limits its SQL to `identity.apps`.
   */
  readonly identity: Identity;
  readonly users: UserLoaders;
  /** The Host header of the HTTP request, when there is one: the base of absolute links. */
  readonly requestHost?: string;
  /** The newest stored day, read at most once per request. */
  latestLoadedDay(): Promise<string | undefined>;
}

/**
 * Builds a fresh context for one request; `request` describes the HTTP request, if any, and who
 * sent it. Without an identity the caller runs in-process (tests, tools) with every scope and
 * app; the HTTP route always passes the one authentication established.
 */
export function createContext(
  services: GatewayServices,
  request: { host?: string; identity?: Identity } = {},
): GatewayContext {
  let latest: Promise<string | undefined> | undefined;
  const identity = request.identity ?? OPEN_IDENTITY;
  return {
    ...services,
    // Bound to the HTTP request's id (src/logging/request-scope.ts); the shared one elsewhere.
    logger: requestLogger(services.logger),
    identity,
    requestHost: request.host,
    users: new UserLoaders(services.store, identity.apps),
    latestLoadedDay: () => (latest ??= services.coverage.latestLoadedDay()),
  };
}
