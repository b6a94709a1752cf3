import { LtvError } from '../errors/ltv-error';

/**
 * A statement failed in DuckDB, or its result could not be converted at the store boundary.
 * `context.statement` names the statement (snake_case, as in the debug log); `cause` holds the
 * driver error. Callers treat it as an internal failure, never as bad user input.
 */
export class StoreQueryError extends LtvError {
  constructor(statement: string, cause: unknown) {
    const reason = messageOf(cause);
    super('STORE_QUERY_FAILED', `Statement "${statement}" failed: ${reason}`, {
      cause,
      context: { statement },
    });
  }
}

/**
 * A read ran longer than the store's statement timeout and DuckDB interrupted it. Nothing is
 * wrong with the store or the connection: the question was too expensive. `context` carries the
 * statement name and the limit in milliseconds; `cause` holds DuckDB's interrupt error.
 */
export class StatementTimeoutError extends LtvError {
  constructor(statement: string, timeoutMs: number, cause: unknown) {
    super(
      'STATEMENT_TIMEOUT',
      `Statement "${statement}" ran longer than the ${timeoutMs} ms statement timeout and was interrupted.`,
      { cause, context: { statement, timeoutMs } },
    );
  }
}

/** DuckDB could not open the database (not a DuckDB file, locked by another process, no access). */
export class StoreOpenError extends LtvError {
  constructor(path: string, cause: unknown) {
    super(
      'STORE_OPEN_FAILED',
      `Cannot open the store at ${JSON.stringify(path)}: ${messageOf(cause)}`,
      {
        cause,
        context: { path },
      },
    );
  }
}

/** The store was used after `close()` had been called. */
export class StoreClosedError extends LtvError {
  constructor(operation: string) {
    super('STORE_CLOSED', `Cannot run "${operation}": the store is closed.`, {
      context: { operation },
    });
  }
}

/** The database file was migrated by a newer build than this one; opening it would be unsafe. */
export class StoreSchemaTooNewError extends LtvError {
  constructor(found: number, known: number) {
    super(
      'STORE_SCHEMA_TOO_NEW',
      `The store's schema is at version ${found}, but this build only knows versions up to ${known}; run a newer build or point it at another data directory.`,
      { context: { found, known } },
    );
  }
}

/** A report day argument was not a real calendar day written as 'YYYY-MM-DD'. */
export class InvalidReportDayError extends LtvError {
  constructor(day: unknown) {
    super(
      'INVALID_REPORT_DAY',
      `Report day ${JSON.stringify(day)} is not a date written as YYYY-MM-DD.`,
      {
        context: { day },
      },
    );
  }
}

/**
 * The base of every "this report file cannot be loaded as it is" failure. Retrying the same file
 * gives the same result, so the sync marks the day failed instead of retrying the load.
 * `context` always carries the report day and the file path.
 */
export class ReportFileError extends LtvError {}

/** The file could not be opened or decompressed. */
export class ReportFileUnreadableError extends ReportFileError {
  constructor(day: string, csvPath: string, cause: unknown) {
    const reason = messageOf(cause);
    super('REPORT_FILE_UNREADABLE', `Cannot read the report file of ${day}: ${reason}`, {
      cause,
      context: { day, csvPath },
    });
  }
}

/** The header row is missing, repeats a column, or lacks a required column. */
export class CsvHeaderError extends ReportFileError {
  constructor(day: string, csvPath: string, message: string, header: readonly string[]) {
    super('CSV_HEADER_INVALID', message, { context: { day, csvPath, header: [...header] } });
  }
}

/** A field holds a value its column cannot accept (e.g. revenue "abc", impressions "1.5"). */
export class CsvValueError extends ReportFileError {
  constructor(
    day: string,
    csvPath: string,
    details: { column: string; line: number; value: string | null; expected: string },
  ) {
    const shown = JSON.stringify(details.value ?? '');
    super(
      'CSV_VALUE_INVALID',
      `Column "${details.column}" on line ${details.line} holds ${shown}; expected ${details.expected}.`,
      { context: { day, csvPath, ...details } },
    );
  }
}

/** A row's date column names another day than the one requested. */
export class CsvDayMismatchError extends ReportFileError {
  constructor(day: string, csvPath: string, details: { line: number; value: string }) {
    super(
      'CSV_DAY_MISMATCH',
      `Line ${details.line} is dated ${JSON.stringify(details.value)}, but the file was loaded as report day ${day}.`,
      { context: { day, csvPath, ...details } },
    );
  }
}

/**
 * The CSV itself is broken: a row with too few or too many fields (a truncated last line shows up
 * this way), an unterminated quote. The message keeps DuckDB's line number and original line.
 */
export class CsvMalformedError extends ReportFileError {
  constructor(day: string, csvPath: string, reason: string, cause: unknown) {
    super('CSV_MALFORMED', `The report file of ${day} is not well-formed CSV: ${reason}`, {
      cause,
      context: { day, csvPath },
    });
  }
}

/**
 * The message of anything thrown. Errors from DuckDB's native addon are created outside jest's
 * test realm, so `instanceof Error` is not a reliable test for them.
 */
export function messageOf(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) {
    return String((thrown as { message: unknown }).message);
  }
  return String(thrown);
}
