import { isDay } from '../../availability/day';

/** A report request body that passed validation: one UTC day and an optional source. */
export interface ReportQuery {
  day: string;
  source?: string;
}

/** The outcome of validating a report request body: the query, or the vendor's message. */
export type ReportQueryCheck = { ok: true; query: ReportQuery } | { ok: false; message: string };

/**
 * Validates `{"dateRange":{"start":"YYYY-MM-DD","end":"YYYY-MM-DD"},"source"?:string}`, the
 * body the upstream client sends. Messages follow the vendor's io-ts style,
 * `Invalid value <JSON value> supplied to : Query/ Date`, with the reason appended when the
 * value alone does not explain it.
 */
export function checkReportQuery(text: string): ReportQueryCheck {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid(text.slice(0, 80), 'Query', 'the body is not JSON');
  }
  if (!isObject(body)) return invalid(body, 'Query');

  const range = body.dateRange;
  if (!isObject(range)) return invalid(range, 'Query/ Date');
  if (!isDay(range.start)) return invalid(range.start, 'Query/ Date');
  if (!isDay(range.end)) return invalid(range.end, 'Query/ Date');
  if (range.start !== range.end) {
    return invalid(
      range,
      'Query/ Date',
      'the user-level report covers one day: start must equal end',
    );
  }

  const source = body.source;
  if (source !== undefined && (typeof source !== 'string' || source === '')) {
    return invalid(source, 'Query/ source');
  }
  return {
    ok: true,
    query: source === undefined ? { day: range.start } : { day: range.start, source },
  };
}

function invalid(value: unknown, path: string, reason?: string): ReportQueryCheck {
  const shown = value === undefined ? 'undefined' : JSON.stringify(value);
  const message = `Invalid value ${shown} supplied to : ${path}`;
  return { ok: false, message: reason === undefined ? message : `${message} (${reason})` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
