import type { Logger } from '../logging/logger';
import type { SimulatorClock } from './clock';
import type { SimulatorCounters } from './counters';
import type { SimulatorFaults } from './faults';
import type { DayFileCache } from './file-cache';
import type { ResolvedSimulatorOptions } from './options';
import type { DailyQuota } from './quota';
import type { ReportRegistry } from './reports';
import type { AccessTokens } from './tokens';

/** Everything the simulator's routes share: settings, clock, registries, switches, tallies. */
export interface SimulatorState {
  options: ResolvedSimulatorOptions;
  clock: SimulatorClock;
  counters: SimulatorCounters;
  faults: SimulatorFaults;
  tokens: AccessTokens;
  reports: ReportRegistry;
  quota: DailyQuota;
  /** Finished files on disk when `fileCacheDir` is set; undefined: every download generates. */
  fileCache: DayFileCache | undefined;
  /** True while the credentials are revoked: token requests fail, tokens are forgotten. */
  credentialsRevoked: boolean;
  /** The base URL the server listens on, known once it listens. */
  listenUrl: string;
  logger: Logger;
}
