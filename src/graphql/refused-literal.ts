import { BREAK, GraphQLError, Kind, parse, visit, type ASTNode } from 'graphql';

import { ErrorCode } from './error-code';

/** Where a refused literal was written: the argument path (`range.from`) and its field. */
export interface RefusedLiteral {
  readonly argument: string;
  readonly field: string | undefined;
  /** The scalar's own message: what it got and what it expects. */
  readonly reason: string;
}

/**
 * Recognises a validation error raised because one of our scalars refused a literal argument
 * value (the scalar marks such refusals BAD_USER_INPUT and points at the value node), and finds
 * where the value sits in the document. graphql-js reports these during validation, where the
 * argument's name is lost; it is recovered here by walking the parsed document to the node.
 * Undefined for every other error.
 */
export function refusedLiteral(error: unknown): RefusedLiteral | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const cause = error.originalError;
  if (!(cause instanceof GraphQLError) || cause.extensions.code !== ErrorCode.BadUserInput) {
    return undefined;
  }
  const target = error.nodes?.[0]?.loc;
  if (!target) return undefined;

  let found: RefusedLiteral | undefined;
  visit(parse(target.source), {
    enter(node, _key, parent, _path, ancestors) {
      if (node.loc?.start !== target.start || node.kind !== error.nodes?.[0].kind) return;
      const chain = [...ancestors, parent].filter(isNode);
      const names = chain.flatMap((ancestor) =>
        ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD
          ? [ancestor.name.value]
          : [],
      );
      const field = chain.filter((ancestor) => ancestor.kind === Kind.FIELD).at(-1);
      if (names.length > 0) {
        found = {
          argument: names.join('.'),
          field: field?.kind === Kind.FIELD ? field.name.value : undefined,
          reason: cause.message,
        };
      }
      return BREAK;
    },
  });
  return found;
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'kind' in value;
}
