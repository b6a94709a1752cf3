import type { EnvReader } from './env-reader';

/** What operators see: who may scrape `/metrics`, and how long shutdown advertises itself. */
export interface ObservabilityConfig {
  /**
   * The bearer token `/metrics` requires (LTV_METRICS_TOKEN); unset, the route is open. Never
   * logged: `describeConfig` shows only whether it is set.
   */
  readonly metricsToken: string | undefined;
  /**
   * How long, after SIGTERM, `/readyz` answers 503 while requests are still served, before the
   * server stops taking connections (LTV_SHUTDOWN_DELAY_MS): time for a load balancer to notice.
   */
  readonly shutdownDelayMs: number;
}

/** The shortest metrics token accepted: it guards operational data, so no short words. */
const MIN_METRICS_TOKEN_CHARS = 16;

/** Reads LTV_METRICS_TOKEN and LTV_SHUTDOWN_DELAY_MS, reporting problems to `read`. */
export function readObservabilityConfig(read: EnvReader): ObservabilityConfig {
  // The value is a secret: problems describe it, never quote it.
  const metricsToken = read.optionalString('LTV_METRICS_TOKEN');
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) {
    read.problem(
      'LTV_METRICS_TOKEN',
      `must be at least ${MIN_METRICS_TOKEN_CHARS} printable characters without spaces (it is sent as "Authorization: Bearer <token>")`,
    );
  }
  return {
    metricsToken,
    shutdownDelayMs: read.integer('LTV_SHUTDOWN_DELAY_MS', 0, { min: 0, max: 120_000 }),
  };
}
