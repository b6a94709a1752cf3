import { Args, Ctx, Query, Resolver } from 'type-graphql';

import { checkDateRange } from '../graphql/common/check-date-range';
import { checkPageSize } from '../graphql/common/check-page-size';
import { coverageOf, coverageOfDays } from '../graphql/common/coverage-of';
import type { DateRange } from '../graphql/common/date-range.input';
import { Metric } from '../graphql/common/enums';
import { Metrics } from '../graphql/common/metrics.type';
import type { UserFilter } from '../graphql/common/user-filter.input';
import type { GatewayContext } from '../graphql/context';
import { userOf } from '../users/user.type';
import { decodeCursor, encodeCursor } from './page-cursor';
import { readTopUsers } from './top-users-reader';
import { TopUsersArgs } from './top-users.args';
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
    @Args(() => TopUsersArgs) args: TopUsersArgs,
  ): Promise<UserConnection> {
    const { range } = args;
    const orderBy = args.orderBy ?? Metric.REVENUE;
    const filter = args.filter ?? undefined;
    const first = args.first ?? 50;
    const after = args.after ?? undefined;
    checkDateRange(range, context.limits.maxRangeDays);
    checkPageSize(first, context.limits.maxPageSize);
    const query = canonicalQuery(range, orderBy, filter);

    // A later page reads the very days the first page read, whatever has landed since.
    const pinned = after !== undefined ? decodeCursor(after, query, range) : undefined;
    const coverage = pinned
      ? coverageOfDays(range, pinned.days, await context.coverage.current(range))
      : coverageOf(await context.coverage.ensure(range));

    const { users, totalCount } = await readTopUsers(context.store, {
      days: coverage.loaded,
      orderBy,
      filter,
      limit: first + 1,
      after: pinned?.position,
      apps: context.identity.apps,
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
