/**
 * Where and how the vendor is asked for a user-level report. The vendor publishes the token call
 * but not the user-level report body, so this is the one place holding that decision
 * (`shared/dt-api.md`, "Request body for the user-level report"): change it here, nowhere else.
 */
export interface ReportRequestTemplate {
  /** Path of the token call, relative to the base URL. */
  readonly tokenPath: string;
  /** Path of the report request, relative to the base URL. */
  readonly reportPath: string;
  /** Query parameters of the report request. */
  readonly reportQuery: Readonly<Record<string, string>>;
  /** The JSON body asking for one UTC report day, plus the configured source if any. */
  buildBody(day: string, source: string | undefined): unknown;
}

/** The template the simulator validates by default: one day per request, CSV. */
export const defaultReportRequestTemplate: ReportRequestTemplate = Object.freeze({
  tokenPath: '/auth/v1/token',
  reportPath: '/api/v1/report',
  reportQuery: Object.freeze({ format: 'csv' }),
  buildBody(day: string, source: string | undefined): unknown {
    const body: Record<string, unknown> = { dateRange: { start: day, end: day } };
    if (source !== undefined) body.source = source;
    return body;
  },
});

/** Resolves a template path against the base URL, keeping any path prefix the base carries. */
export function templateUrl(
  baseUrl: string,
  path: string,
  query: Record<string, string> = {},
): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = new URL(path.replace(/^\/+/, ''), base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}
