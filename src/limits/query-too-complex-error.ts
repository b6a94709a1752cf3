import { GraphQLError } from 'graphql';

import { ErrorCode } from '../graphql/error-code';

/** The measures an operation is limited by. */
export type OperationLimit = 'depth' | 'aliases' | 'cost';

const ADVICE: Record<OperationLimit, string> = {
  depth: 'select fewer nested levels',
  aliases: 'send fewer aliased fields, or split the operation',
  cost: 'ask for a shorter date range, a smaller page (first) or fewer fields, or split the operation',
};

/**
 * An operation refused before it ran because one measure passed its limit: QUERY_TOO_COMPLEX
 * with HTTP 400, naming the measure, the measured value and the limit in `extensions`.
 */
export class QueryTooComplexError extends GraphQLError {
  constructor(limit: OperationLimit, measured: number, maximum: number) {
    super(
      `The operation's ${limit} is ${measured}, over the limit of ${maximum}; ${ADVICE[limit]}.`,
      {
        extensions: {
          code: ErrorCode.QueryTooComplex,
          limit,
          measured,
          maximum,
          http: { status: 400 },
        },
      },
    );
    this.name = 'QueryTooComplexError';
  }
}
