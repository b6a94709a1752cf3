import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';

import { isDay } from '../../availability/day';
import { ErrorCode } from '../error-code';

/**
 * `Date`: an ISO 8601 calendar day, UTC, written YYYY-MM-DD. Values stay strings on both sides;
 * a day that does not exist (2026-02-30) or carries a time is refused.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'An ISO 8601 calendar day in UTC, written YYYY-MM-DD, e.g. 2026-11-28.',
  serialize(value) {
    if (isDay(value)) return value;
    throw new GraphQLError(`Date cannot represent ${JSON.stringify(value)}.`);
  },
  parseValue(value) {
    return readDay(value);
  },
  // The error points at the literal, so the argument it was written in can be named.
  parseLiteral(node) {
    if (node.kind === Kind.STRING && isDay(node.value)) return node.value;
    throw invalidDay(print(node), node);
  },
});

function readDay(value: unknown): string {
  if (isDay(value)) return value;
  throw invalidDay(JSON.stringify(value));
}

function invalidDay(shown: string | undefined, node?: ValueNode): GraphQLError {
  return new GraphQLError(
    `Expected a UTC day written YYYY-MM-DD (such as "2026-11-28"), got ${shown}.`,
    { nodes: node, extensions: { code: ErrorCode.BadUserInput } },
  );
}
