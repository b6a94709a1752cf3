import type { CoverageSource, DayRange } from '../coverage/day-coverage';
import type { Logger } from '../logging/logger';
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
  readonly users: UserLoaders;
  /** The Host header of the HTTP request, when there is one: the base of absolute links. */
  readonly requestHost?: string;
  /** The newest stored day, read at most once per request. */
  latestLoadedDay(): Promise<string | undefined>;
}

/** Builds a fresh context for one request; `request` describes the HTTP request, if any. */
export function createContext(
  services: GatewayServices,
  request: { host?: string } = {},
): GatewayContext {
  let latest: Promise<string | undefined> | undefined;
  return {
    ...services,
    requestHost: request.host,
    users: new UserLoaders(services.store),
    latestLoadedDay: () => (latest ??= services.coverage.latestLoadedDay()),
  };
}
