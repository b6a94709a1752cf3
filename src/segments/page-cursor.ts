import { createHash } from 'node:crypto';

import { daysBetween, eachDay } from '../availability/day';
import { UserInputError } from '../graphql/user-input-error';
import type { PagePosition } from './top-users-reader';

/**
 * The opaque `after` cursor of a user ranking. It pins what the first page read, so later pages
 * neither repeat nor skip users when a new day lands mid-paging:
 * - the query it belongs to (a fingerprint of range, metric and filter), so it cannot be reused
 *   with other arguments;
 * - the set of stored days the first page read, as a bitmap over the range;
 * - the last user of the page (sort value and id), where the next page starts.
 * Not pinned: a day re-pulled with `refresh` while paging changes the numbers of that day.
 */
export interface PageCursor {
  readonly days: string[];
  readonly position: PagePosition;
}

/** Encodes a cursor for the page that ends at `position`. */
export function encodeCursor(
  query: unknown,
  range: { from: string; to: string },
  days: readonly string[],
  position: PagePosition,
): string {
  const bits = Buffer.alloc(Math.ceil((daysBetween(range.from, range.to) + 1) / 8));
  for (const day of days) {
    const offset = daysBetween(range.from, day);
    bits[offset >> 3] |= 1 << (offset & 7);
  }
  const body = {
    q: fingerprint(query),
    d: bits.toString('base64url'),
    v: position.value,
    u: position.userId,
  };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Decodes `after`, or throws BAD_USER_INPUT when it is not a cursor of this very query. */
export function decodeCursor(
  cursor: string,
  query: unknown,
  range: { from: string; to: string },
): PageCursor {
  const body = parse(cursor);
  if (!body || body.q !== fingerprint(query)) {
    throw new UserInputError(
      'after',
      `after ${JSON.stringify(cursor.slice(0, 60))} is not a cursor of this query: pass an endCursor or edge cursor returned by this same query (same range, orderBy and filter).`,
    );
  }
  const bits = Buffer.from(body.d, 'base64url');
  const days = eachDay(range.from, range.to).filter((_day, offset) => {
    return ((bits[offset >> 3] ?? 0) & (1 << (offset & 7))) !== 0;
  });
  return { days, position: { value: body.v, userId: body.u } };
}

function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

interface CursorBody {
  q: string;
  d: string;
  v: string;
  u: string;
}

function parse(cursor: string): CursorBody | undefined {
  try {
    const body = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as Partial<CursorBody>;
    const fields = [body.q, body.d, body.v, body.u];
    if (fields.every((field) => typeof field === 'string')) return body as CursorBody;
  } catch {
    // Not base64url JSON: an unknown cursor, reported by the caller.
  }
  return undefined;
}
