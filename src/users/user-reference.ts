import type { GraphQLResolveInfo } from 'graphql';

import { hintMaxAge } from '../graphql/cache-hints';
import { type User, userOf } from './user.type';

/** What a router sends for a `User` in `_entities`: its key. */
export interface UserReference {
  readonly id: string;
}

/**
 * `User.__resolveReference`: any id becomes a bare `User` at once, with no statement and no
 * error for an id the store has never seen (its fields resolve to empty metrics). The fields
 * of a whole `_entities` batch then load through the request's DataLoaders, one statement per
 * field. The reference itself never changes, so it carries the settled max-age; each field
 * lowers it as its days require.
 */
export function resolveUserReference(
  reference: UserReference,
  _context: unknown,
  info: GraphQLResolveInfo,
): User {
  hintMaxAge(info, true);
  return userOf(reference.id);
}
