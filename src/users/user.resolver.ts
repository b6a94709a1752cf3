import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';

import { addDays } from '../availability/day';
import { hintMaxAge, isSettled } from '../graphql/cache-hints';
import { checkDateRange } from '../graphql/common/check-date-range';
import { DateRange } from '../graphql/common/date-range.input';
import { Metrics } from '../graphql/common/metrics.type';
import type { GatewayContext } from '../graphql/context';
import { DateScalar } from '../graphql/scalars/date';
import { UserInputError } from '../graphql/user-input-error';
import { ltvIsSettled } from './ltv-settled';
import { readUserIdByAdvertisingId } from './user-readers';
import { LtvPoint, User, UserDay, userOf } from './user.type';

/** The largest age an LTV point may ask for, in days (about 27 years). */
const MAX_LTV_DAY = 10_000;
/** The most ages one `ltv` field may ask for. */
const MAX_LTV_POINTS = 100;

/**
 * `Query.user`, `Query.userByAdvertisingId` and the fields this subgraph adds to `User`. Each
 * field gives itself a cache hint (see src/graphql/cache-hints.ts): settled when every day it
 * reads is stored and gone upstream, changing otherwise.
 */
@Resolver(() => User)
export class UserResolver {
  @Query(() => User, {
    nullable: true,
    description: 'One user by publisher user id; null when no stored day has a row for it.',
  })
  async user(
    @Arg('id', () => ID, { description: "The publisher's user id." }) id: string,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<User | null> {
    // Whether a user exists changes with every load.
    hintMaxAge(info, false);
    // The summary also answers the all-history totals and bounds the LTV rows of the fields.
    const summary = await context.users.summary(id);
    return summary ? userOf(id) : null;
  }

  @Query(() => User, {
    nullable: true,
    description:
      'The user an advertising id (IDFA/GAID) was last seen with; null when no stored row has it.',
  })
  async userByAdvertisingId(
    @Arg('advertisingId', { description: 'An advertising id, exactly as the vendor reports it.' })
    advertisingId: string,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<User | null> {
    hintMaxAge(info, false);
    const userId = await readUserIdByAdvertisingId(
      context.store,
      advertisingId,
      context.identity.apps,
    );
    return userId === undefined ? null : userOf(userId);
  }

  @FieldResolver(() => [String], {
    description: 'Every advertising id stored with this user, sorted.',
  })
  async advertisingIds(
    @Root() user: User,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string[]> {
    hintMaxAge(info, false);
    return (await context.users.profile(user.id))?.advertisingIds ?? [];
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description: 'The earliest stored UTC day with a row for this user.',
  })
  async firstSeen(
    @Root() user: User,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string | null> {
    hintMaxAge(info, false);
    return (await context.users.profile(user.id))?.firstSeen ?? null;
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description: 'The latest stored UTC day with a row for this user.',
  })
  async lastSeen(
    @Root() user: User,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string | null> {
    hintMaxAge(info, false);
    return (await context.users.profile(user.id))?.lastSeen ?? null;
  }

  @FieldResolver(() => Metrics, {
    description:
      'Totals over an inclusive range of UTC days; without a range, over all stored history. Revenue in USD.',
  })
  async totals(
    @Root() user: User,
    @Ctx() context: GatewayContext,
    @Arg('range', () => DateRange, { nullable: true, description: 'Inclusive UTC days.' })
    range: DateRange | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Metrics> {
    if (range) {
      checkDateRange(range, context.limits.maxRangeDays);
      const coverage = await context.coverage.ensure(range);
      hintMaxAge(info, isSettled(range, coverage, context.coverage.oldestPullableDay()));
    } else {
      // All stored history grows with every load.
      hintMaxAge(info, false);
    }
    return Metrics.of(await context.users.totals(user.id, range));
  }

  @FieldResolver(() => [UserDay], {
    description: 'One entry per UTC day in the inclusive range on which the user was active.',
  })
  async daily(
    @Root() user: User,
    @Ctx() context: GatewayContext,
    @Arg('range', () => DateRange, { description: 'Inclusive UTC days.' }) range: DateRange,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UserDay[]> {
    checkDateRange(range, context.limits.maxRangeDays);
    const coverage = await context.coverage.ensure(range);
    hintMaxAge(info, isSettled(range, coverage, context.coverage.oldestPullableDay()));
    const days = await context.users.days(user.id, range);
    return days.map((day) =>
      Object.assign(new UserDay(), { date: day.date, metrics: Metrics.of(day) }),
    );
  }

  @FieldResolver(() => [LtvPoint], {
    description:
      'Cumulative revenue at each requested age in days since first seen, in the order asked.',
  })
  async ltv(
    @Root() user: User,
    @Ctx() context: GatewayContext,
    @Arg('days', () => [Int], { description: 'Ages in days since first seen, 0 to 10000.' })
    days: number[],
    @Info() info: GraphQLResolveInfo,
  ): Promise<LtvPoint[]> {
    checkAges(days);
    const [points, latest] = await Promise.all([
      context.users.ltv(user.id, days),
      context.latestLoadedDay(),
    ]);
    hintMaxAge(info, await ltvIsSettled(context, points, days));
    const byDay = new Map(points.map((point) => [point.day, point]));
    return days.map((day) => {
      const point = byDay.get(day);
      const mature =
        point !== undefined && latest !== undefined && addDays(point.firstSeen, day) <= latest;
      return Object.assign(new LtvPoint(), { day, revenue: mature ? Number(point.revenue) : null });
    });
  }
}

/** Refuses ages that are negative, absurdly large, or too many. */
export function checkAges(days: readonly number[], argument = 'days'): void {
  if (days.length > MAX_LTV_POINTS) {
    throw new UserInputError(
      argument,
      `${argument} lists ${days.length} ages; at most ${MAX_LTV_POINTS} are allowed.`,
    );
  }
  const bad = days.find((day) => day < 0 || day > MAX_LTV_DAY);
  if (bad !== undefined) {
    throw new UserInputError(
      argument,
      `${argument} contains ${bad}; each age must be from 0 to ${MAX_LTV_DAY} days.`,
    );
  }
}
