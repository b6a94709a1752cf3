import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';

import type { Logger } from '../logging/logger';
import { StatementTimeoutError } from '../store';
import { ErrorCode } from './error-code';
import { refusedLiteral } from './refused-literal';

/** Codes whose errors were raised on purpose and are safe to show as they are. */
const CLIENT_CODES = new Set<string>(
  Object.values(ErrorCode).filter((code) => code !== ErrorCode.InternalServerError),
);
/** Codes Apollo Server itself gives to malformed requests. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Shapes every error before it leaves the server:
 * - argument validation (class-validator) becomes one BAD_USER_INPUT message naming each field
 *   and rule, without the echoed input object;
 * - a literal a scalar refused (a malformed Date) becomes BAD_USER_INPUT naming the argument;
 * - a statement stopped by the statement timeout becomes QUERY_TIMEOUT, with the limit;
 * - coded client errors and Apollo's request errors pass as they are, and Apollo's uncoded
 *   request refusals (APQ hash mismatch) get BAD_REQUEST;
 * - anything else is unexpected: logged in full here, and the client sees only
 *   INTERNAL_SERVER_ERROR, with no driver message, SQL or stack.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const problems = describe(original.extensions.validationErrors as ValidationError[]);
    return {
      message: `Invalid argument: ${problems.join('; ')}.`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BadUserInput, problems },
    };
  }

  // graphql-js refuses a malformed literal during validation; it is still a bad argument.
  const literal = refusedLiteral(original);
  if (literal) {
    const where = literal.field ? `${literal.argument} of ${literal.field}` : literal.argument;
    return {
      message: `Invalid value for ${where}: ${literal.reason}`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: keepStack(
        { code: ErrorCode.BadUserInput, argument: literal.argument },
        formatted,
      ),
    };
  }

  if (original instanceof StatementTimeoutError) {
    const timeoutMs = original.context.timeoutMs;
    logger.warn({ statement: original.context.statement, timeoutMs }, 'statement timed out');
    return {
      message: `The query ran longer than the ${timeoutMs} ms statement timeout and was stopped; ask for a shorter date range, a smaller page or fewer fields.`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: keepStack({ code: ErrorCode.QueryTimeout, timeoutMs }, formatted),
    };
  }

  if (isUncodedRequestError(original, formatted)) {
    return {
      message: formatted.message,
      extensions: keepStack({ code: 'BAD_REQUEST' }, formatted),
    };
  }

  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (CLIENT_CODES.has(code) || REQUEST_CODES.has(code))) {
    if (original instanceof GraphQLError || code !== ErrorCode.InternalServerError) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: keepStack(extensions, formatted) };
    }
  }

  logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
  return {
    message: 'Internal server error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: keepStack({ code: ErrorCode.InternalServerError }, formatted),
  };
}

/**
 * Apollo Server refuses some requests with a deliberate GraphQLError that has no code (an APQ
 * hash that does not match its document, an unknown APQ version). Such an error stands alone:
 * no path, since no resolver ran, and no wrapped cause, which unexpected errors always have.
 */
function isUncodedRequestError(original: unknown, formatted: GraphQLFormattedError): boolean {
  return (
    original instanceof GraphQLError &&
    original.originalError === undefined &&
    formatted.path === undefined &&
    original.extensions.code === undefined
  );
}

/** Apollo adds `stacktrace` only outside production; keep it there for developers. */
function keepStack(
  extensions: Record<string, unknown>,
  formatted: GraphQLFormattedError,
): Record<string, unknown> {
  const stack = formatted.extensions?.stacktrace;
  return stack === undefined ? extensions : { ...extensions, stacktrace: stack };
}

/** `filter.countries: each country must be …`, one line per broken rule. */
function describe(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((rule) => `${path}: ${rule}`);
    return [...own, ...describe(error.children ?? [], path)];
  });
}
