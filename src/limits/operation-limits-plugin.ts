import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

import type { Logger } from '../logging/logger';
import { measureOperation } from './operation-measure';
import { QueryTooComplexError, type OperationLimit } from './query-too-complex-error';

/** The limits one operation is held to; see `measureOperation` for what they measure. */
export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  /** The days a nullable date range left out stands for (LTV_MAX_RANGE_DAYS). */
  readonly unboundedDays: number;
}

/**
 * An Apollo Server plugin that measures each operation once it is parsed, validated and
 * chosen, with its variables, and refuses it with `QueryTooComplexError` (HTTP 400) when its
 * depth, aliases or cost pass their limits. It runs before execution, so a refused operation
 * never reaches a resolver or the store. Each operation of a batch is measured on its own.
 */
export function operationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
  logger: Logger,
): ApolloServerPlugin<TContext> {
  const log = logger.child({ module: 'limits' });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, operationName }) {
          // Without a matching operation Apollo Server refuses the request itself.
          if (!operation) return;
          const measure = measureOperation({
            schema,
            document,
            operation,
            variables: request.variables,
            unboundedDays: limits.unboundedDays,
          });
          const over = firstOver([
            ['depth', measure.depth, limits.maxDepth],
            ['aliases', measure.aliases, limits.maxAliases],
            ['cost', measure.cost, limits.maxCost],
          ]);
          if (over) {
            log.info({ operationName, ...measure }, 'refused operation over a limit');
            throw new QueryTooComplexError(...over);
          }
        },
      };
    },
  };
}

function firstOver(
  checks: readonly [OperationLimit, number, number][],
): [OperationLimit, number, number] | undefined {
  return checks.find(([, measured, maximum]) => measured > maximum);
}
