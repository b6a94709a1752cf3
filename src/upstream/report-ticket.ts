import { InvalidReportTicketError } from './errors';

/**
 * What the vendor handed back for one report request: enough to poll and download the file
 * later, even from another process. The caller persists it between the two phases. The `url`
 * is a bearer secret (its query string is the signature): store it, never log it.
 */
export interface ReportTicket {
  /** The report day, 'YYYY-MM-DD' (UTC). */
  readonly day: string;
  /** The vendor's report id, for troubleshooting with the vendor. */
  readonly reportId: string;
  /** The pre-signed download URL, valid for 3 hours from `requestedAt`. */
  readonly url: string;
  /** When the report was requested, ISO 8601 (UTC); the URL's lifetime counts from here. */
  readonly requestedAt: string;
}

/** A report file on disk, complete and fsynced, named `.csv` or `.csv.gz` after its content. */
export interface DownloadedReport {
  readonly day: string;
  readonly reportId: string;
  /** Absolute path of the file. */
  readonly path: string;
  /** Size of the file as stored (compressed if `gzip`), in bytes. */
  readonly bytes: number;
  /** SHA-256 of the file as stored, lowercase hex. */
  readonly sha256: string;
  /** Whether the file is gzip-compressed (it then ends in `.csv.gz`). */
  readonly gzip: boolean;
}

const REPORT_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `day` has the shape of a report day, 'YYYY-MM-DD'. */
export function isReportDay(day: unknown): day is string {
  return typeof day === 'string' && REPORT_DAY.test(day) && !Number.isNaN(Date.parse(day));
}

/**
 * Checks a ticket read back from storage before it is used, and returns its URL and the time it
 * was requested (epoch ms). Throws `InvalidReportTicketError` naming the first bad field; the
 * URL's value is never quoted since it carries the signature.
 */
export function checkTicket(ticket: ReportTicket): { url: URL; requestedAtMs: number } {
  const context = { step: 'download' as const, day: ticket.day, reportId: ticket.reportId };
  if (!isReportDay(ticket.day)) {
    throw new InvalidReportTicketError(
      `Report ticket has day ${JSON.stringify(ticket.day)}; expected 'YYYY-MM-DD'.`,
      { ...context, day: undefined },
    );
  }
  if (typeof ticket.reportId !== 'string' || ticket.reportId === '') {
    throw new InvalidReportTicketError(
      `Report ticket for day ${ticket.day} has report id ${JSON.stringify(ticket.reportId)}; expected a non-empty string.`,
      context,
    );
  }
  const requestedAtMs = Date.parse(ticket.requestedAt);
  if (Number.isNaN(requestedAtMs)) {
    throw new InvalidReportTicketError(
      `Report ticket for day ${ticket.day} has requestedAt ${JSON.stringify(ticket.requestedAt)}; expected an ISO 8601 time.`,
      context,
    );
  }
  const url = parseHttpUrl(ticket.url);
  if (url === undefined) {
    throw new InvalidReportTicketError(
      `Report ticket for day ${ticket.day} has no valid http(s) download URL.`,
      context,
    );
  }
  return { url, requestedAtMs };
}

/** The URL in `text` when it is an absolute http(s) URL, else undefined. */
export function parseHttpUrl(text: unknown): URL | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
