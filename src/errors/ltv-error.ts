/**
 * The base of every internal error: a stable `code` callers can branch on, the context that
 * explains it (report day, HTTP status, vendor error code, SQL statement name), and the `cause`
 * it wraps. Messages never contain secrets; context values are chosen to be safe to log.
 */
export class LtvError extends Error {
  readonly code: string;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = Object.freeze({ ...options.context });
  }
}
