import type { StatementEvent } from '../store';
import type { DayPullEvent } from '../sync/pull-events';
import type { UpstreamCallEvent } from '../upstream';
import { LabelCap } from './label-cap';
import { MetricsRegistry } from './registry';

/** Bucket bounds in seconds, chosen per kind of work. */
const REQUEST_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const SQL_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const UPSTREAM_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const LOAD_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** A pull waits for the vendor to prepare the file: minutes, up to the poll deadline. */
const PULL_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];

/** Distinct operation names kept as labels before new ones are counted as `other`. */
export const MAX_OPERATION_LABELS = 100;

/** What the day-pull gauges read at each scrape (a `ReportSync`). */
export interface SyncGaugeSource {
  pendingPulls(): number;
  storedDayCount(): number;
}

/**
 * Every series the gateway exposes at `/metrics`, and one method per source that feeds them.
 * Durations are in seconds, sizes in bytes (Prometheus base units). Label values that clients
 * control (operation names, error codes) pass through a `LabelCap`; the others (statement names,
 * upstream steps, routes) come from our own code and are bounded by it.
 */
export class GatewayMetrics {
  readonly registry = new MetricsRegistry();
  private readonly operations = new LabelCap(MAX_OPERATION_LABELS);
  private readonly codes = new LabelCap(50);
  private readonly startedAt = Date.now() / 1000;

  private readonly httpRequests = this.registry.counter<'route' | 'status'>({
    name: 'ltv_http_requests_total',
    help: 'HTTP requests answered, by route and status code (refusals before GraphQL runs included).',
    labelNames: ['route', 'status'],
  });
  private readonly httpSeconds = this.registry.histogram<'route'>({
    name: 'ltv_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its answer, in seconds.',
    labelNames: ['route'],
    buckets: REQUEST_SECONDS,
  });
  private readonly graphqlRequests = this.registry.counter<'operation'>({
    name: 'ltv_graphql_requests_total',
    help: 'GraphQL operations run, by operation name (anonymous, unresolved, or other past the cap).',
    labelNames: ['operation'],
  });
  private readonly graphqlSeconds = this.registry.histogram<'operation'>({
    name: 'ltv_graphql_request_duration_seconds',
    help: 'Time from Apollo Server starting an operation to its response, in seconds.',
    labelNames: ['operation'],
    buckets: REQUEST_SECONDS,
  });
  private readonly graphqlErrors = this.registry.counter<'code'>({
    name: 'ltv_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code as the client saw it.',
    labelNames: ['code'],
  });
  private readonly cacheLookups = this.registry.counter<'cache' | 'result'>({
    name: 'ltv_cache_lookups_total',
    help: 'Cache lookups by cache and result (hit or miss); see the README for what each cache is.',
    labelNames: ['cache', 'result'],
  });
  private readonly sqlSeconds = this.registry.histogram<'statement'>({
    name: 'ltv_sql_statement_duration_seconds',
    help: 'DuckDB statement wall time, by statement name, in seconds.',
    labelNames: ['statement'],
    buckets: SQL_SECONDS,
  });
  private readonly sqlFailures = this.registry.counter<'statement'>({
    name: 'ltv_sql_statement_failures_total',
    help: 'DuckDB statements that failed (timeouts included), by statement name.',
    labelNames: ['statement'],
  });
  private readonly upstreamCalls = this.registry.counter<'step' | 'outcome'>({
    name: 'ltv_upstream_calls_total',
    help: 'HTTP calls to the vendor, by step (token, report, download) and outcome.',
    labelNames: ['step', 'outcome'],
  });
  private readonly upstreamSeconds = this.registry.histogram<'step'>({
    name: 'ltv_upstream_call_duration_seconds',
    help: 'Time until the vendor answered with headers, by step, in seconds.',
    labelNames: ['step'],
    buckets: UPSTREAM_SECONDS,
  });
  private readonly dayPulls = this.registry.counter<'outcome'>({
    name: 'ltv_day_pulls_total',
    help: 'Report day pulls ended, by outcome (loaded, failed, stopped by shutdown).',
    labelNames: ['outcome'],
  });
  private readonly pullSeconds = this.registry.histogram({
    name: 'ltv_day_pull_duration_seconds',
    help: 'Time to pull and store one report day, vendor wait included, in seconds.',
    buckets: PULL_SECONDS,
  });
  private readonly loadSeconds = this.registry.histogram({
    name: 'ltv_day_load_duration_seconds',
    help: 'Time to load one report file into the store, in seconds.',
    buckets: LOAD_SECONDS,
  });
  private readonly loadRows = this.registry.counter({
    name: 'ltv_day_load_rows_total',
    help: 'User-day rows loaded into the store.',
  });
  private readonly loadBytes = this.registry.counter({
    name: 'ltv_day_load_bytes_total',
    help: 'Bytes of report files loaded (compressed size for gzip files).',
  });

  /** Counts one HTTP answer; `route` is a known path or `unmatched`. */
  recordHttp(route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ route, status: String(status) });
    this.httpSeconds.observe({ route }, seconds);
  }

  /**
   * Counts one GraphQL operation: `operationName` null for an unnamed operation, undefined when
   * the operation was never resolved (parse or validation error, unknown persisted query).
   */
  recordOperation(operationName: string | null | undefined, seconds: number): void {
    const operation =
      operationName === undefined
        ? 'unresolved'
        : operationName === null
          ? 'anonymous'
          : this.operations.label(operationName);
    this.graphqlRequests.inc({ operation });
    this.graphqlSeconds.observe({ operation }, seconds);
  }

  recordError(code: string): void {
    this.graphqlErrors.inc({ code: this.codes.label(code) });
  }

  recordCacheLookup(cache: string, hit: boolean): void {
    this.cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
  }

  /** For `Store.onStatement`. */
  recordStatement(event: StatementEvent): void {
    this.sqlSeconds.observe({ statement: event.name }, event.durationMs / 1000);
    if (event.failed) this.sqlFailures.inc({ statement: event.name });
  }

  /** For the upstream client's `onCall`. */
  recordUpstreamCall(event: UpstreamCallEvent): void {
    this.upstreamCalls.inc({ step: event.step, outcome: event.outcome });
    this.upstreamSeconds.observe({ step: event.step }, event.durationMs / 1000);
  }

  /** For `ReportSync.onPullEnded`. */
  recordDayPull(event: DayPullEvent): void {
    this.dayPulls.inc({ outcome: event.outcome });
    if (event.outcome !== 'loaded') return;
    this.pullSeconds.observe({}, event.durationMs / 1000);
    if (event.load) {
      this.loadSeconds.observe({}, event.load.durationMs / 1000);
      this.loadRows.inc({}, event.load.rows);
      this.loadBytes.inc({}, event.load.bytes);
    }
  }

  /** Adds the gauges read from the report sync at every scrape. Call once. */
  watchSync(sync: SyncGaugeSource): void {
    this.registry.gauge(
      {
        name: 'ltv_sync_pending_days',
        help: 'Report day pulls started and not ended (queued for a slot or running).',
      },
      () => sync.pendingPulls(),
    );
    this.registry.gauge({ name: 'ltv_store_days', help: 'Report days stored.' }, () =>
      sync.storedDayCount(),
    );
  }

  /** Adds the process's own gauges: start time, resident memory and heap in use. */
  watchProcess(): void {
    this.registry.gauge(
      { name: 'process_start_time_seconds', help: 'Start of the process, in Unix seconds.' },
      () => this.startedAt,
    );
    this.registry.gauge(
      { name: 'process_resident_memory_bytes', help: 'Resident set size, in bytes.' },
      () => process.memoryUsage.rss(),
    );
    this.registry.gauge(
      { name: 'nodejs_heap_used_bytes', help: 'V8 heap in use, in bytes.' },
      () => process.memoryUsage().heapUsed,
    );
  }

  /** Every series in the Prometheus text format. */
  render(): string {
    return this.registry.render();
  }
}
