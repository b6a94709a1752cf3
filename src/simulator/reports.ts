import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A report request the simulator accepted, and the file it promises. */
export interface SimulatedReport {
  id: string;
  /** The report day, 'YYYY-MM-DD' (UTC). */
  day: string;
  /** When it was requested, on the simulator's clock (epoch ms). */
  requestedAtMs: number;
  /** When its URL stops working, on the simulator's clock (epoch ms). */
  expiresAtMs: number;
  /** When its file becomes ready, on `performance.now()` (real ms); Infinity for never. */
  readyAtMonotonicMs: number;
  /** Whether the file is served gzipped as `.csv.gz`. */
  gzip: boolean;
}

/**
 * The reports requested from one simulator, and the pre-signed paths of their files:
 * `/files/<id>.csv?expires=<unix s>&sig=<hmac>`, the signature covering id and expiry.
 */
export class ReportRegistry {
  private readonly key = randomBytes(32);
  private readonly reports = new Map<string, SimulatedReport>();

  /** Records a new report for `day`; see SimulatedReport for the clocks behind each time. */
  create(
    day: string,
    settings: { requestedAtMs: number; urlTtlMs: number; readyAfterMs: number; gzip: boolean },
  ): SimulatedReport {
    const report: SimulatedReport = {
      id: randomUUID(),
      day,
      requestedAtMs: settings.requestedAtMs,
      expiresAtMs: settings.requestedAtMs + settings.urlTtlMs,
      readyAtMonotonicMs: performance.now() + settings.readyAfterMs,
      gzip: settings.gzip,
    };
    this.reports.set(report.id, report);
    return report;
  }

  /** The report whose file is named `fileName` (`<id>.csv` or `<id>.csv.gz`), if any. */
  findByFileName(fileName: string): SimulatedReport | undefined {
    const match = /^([0-9a-f-]{36})\.csv(\.gz)?$/.exec(fileName);
    if (match === null) return undefined;
    const report = this.reports.get(match[1]);
    return report !== undefined && report.gzip === (match[2] !== undefined) ? report : undefined;
  }

  /** The signed path and query of a report's file, to append to the public base URL. */
  signedPath(report: SimulatedReport): string {
    const expires = Math.floor(report.expiresAtMs / 1000);
    const extension = report.gzip ? 'csv.gz' : 'csv';
    return `/files/${report.id}.${extension}?expires=${expires}&sig=${this.sign(report.id, expires)}`;
  }

  /** Whether `query` carries this report's own expiry and a matching signature. */
  verify(report: SimulatedReport, query: URLSearchParams): boolean {
    const expires = Math.floor(report.expiresAtMs / 1000);
    const given = Buffer.from(query.get('sig') ?? '');
    const expected = Buffer.from(this.sign(report.id, expires));
    return (
      query.get('expires') === String(expires) &&
      given.length === expected.length &&
      timingSafeEqual(given, expected)
    );
  }

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${id}.${expires}`).digest('base64url');
  }
}
