import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';

import { checkDateRange } from '../graphql/common/check-date-range';
import { checkPageSize } from '../graphql/common/check-page-size';
import { coverageOf, coverageOfDays } from '../graphql/common/coverage-of';
import { DateRange } from '../graphql/common/date-range.input';
import { Metric } from '../graphql/common/enums';
import { Metrics } from '../graphql/common/metrics.type';
import { UserFilter } from '../graphql/common/user-filter.input';
import type { GatewayContext } from '../graphql/context';
import { userOf } from '../users/user.type';
import { decodeCursor, encodeCursor } from './page-cursor';
import { readTopUsers } from './top-users-reader';
import { PageInfo, UserConnection, UserEdge } from './user-connection.type';

/** `Query.topUsers`: the retargeting list. */
@Resolver()
export class TopUsersResolver {
  @Query(() => UserConnection, {
    description:
      'Users ranked by a metric over an inclusive range of UTC days, highest first (ties by user id), filtered and paged. The masked row is never a user.',
  })
  async topUsers(
    @Ctx() context: GatewayContext,
    @Arg('range', () => DateRange, { description: 'Inclusive UTC days to sum over.' })
    range: DateRange,
    @Arg('orderBy', () => Metric, { defaultValue: Metric.REVENUE, description: 'What to rank by.' })
    orderBy: Metric,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Which users to rank.' })
    filter: UserFilter | undefined,
    @Arg('first', () => Int, {
      defaultValue: 50,
      description: 'Page size, 1 to the configured maximum (1000 by default).',
    })
    first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' })
    after: string | undefined,
  ): Promise<UserConnection> {
    checkDateRange(range, context.limits.maxRangeDays);
    checkPageSize(first, context.limits.maxPageSize);
    const query = canonicalQuery(range, orderBy, filter);

    // A later page reads the very days the first page read, whatever has landed since.
    const pinned = after ? decodeCursor(after, query, range) : undefined;
    const coverage = pinned
      ? coverageOfDays(range, pinned.days, await context.coverage.current(range))
      : coverageOf(await context.coverage.ensure(range));

    const { users, totalCount } = await readTopUsers(context.store, {
      days: coverage.loaded,
      orderBy,
      filter,
      limit: first + 1,
      after: pinned?.position,
    });
    const edges = users.slice(0, first).map((user) =>
      Object.assign(new UserEdge(), {
        cursor: encodeCursor(query, range, coverage.loaded, {
          value: user.sortValue,
          userId: user.userId,
        }),
        node: userOf(user.userId),
        metrics: Metrics.of(user),
      }),
    );
    return Object.assign(new UserConnection(), {
      edges,
      totalCount,
      coverage,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: users.length > first,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    });
  }
}

/** The arguments that define a ranking, with keys in a fixed order, for cursor fingerprints. */
function canonicalQuery(
  range: DateRange,
  orderBy: Metric,
  filter: UserFilter | undefined,
): unknown {
  const entries = Object.entries(filter ?? {}).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  return { from: range.from, to: range.to, orderBy, filter: Object.fromEntries(entries.sort()) };
}
