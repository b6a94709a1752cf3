import { Args, Ctx, Query, Resolver } from 'type-graphql';

import { checkDateRange } from '../graphql/common/check-date-range';
import { coverageOf } from '../graphql/common/coverage-of';
import type { GatewayContext } from '../graphql/context';
import { UserInputError } from '../graphql/user-input-error';
import { DistributionArgs } from './distribution.args';
import { readRevenueDistribution } from './distribution-reader';
import { Quantile, RevenueDistribution, TopShare } from './revenue-distribution.type';

/** The most quantiles or shares one query may ask for. */
const MAX_POINTS = 100;

/** `Query.revenueDistribution`: quantiles and concentration of per-user revenue. */
@Resolver()
export class DistributionResolver {
  @Query(() => RevenueDistribution, {
    description:
      'Quantiles of per-user revenue over an inclusive range of UTC days, and the share of revenue earned by the top x % of users.',
  })
  async revenueDistribution(
    @Ctx() context: GatewayContext,
    @Args(() => DistributionArgs) args: DistributionArgs,
  ): Promise<RevenueDistribution> {
    const { range, quantiles } = args;
    const topShares = args.topShares ?? [];
    checkDateRange(range, context.limits.maxRangeDays);
    checkList('quantiles', quantiles, (p) => p >= 0 && p <= 1, 'each quantile must be from 0 to 1');
    checkList(
      'topShares',
      topShares,
      (x) => x > 0 && x <= 100,
      'each percent must be greater than 0 and at most 100',
    );
    const coverage = await context.coverage.ensure(range);

    const result = await readRevenueDistribution(context.store, {
      days: coverage.loaded,
      quantiles,
      topShares,
      apps: context.identity.apps,
    });
    return Object.assign(new RevenueDistribution(), {
      users: result.users,
      quantiles: result.quantiles.map(({ p, revenue }) =>
        Object.assign(new Quantile(), { p, revenue: Number(revenue) }),
      ),
      topShares: result.topShares.map(({ percent, topRevenue, totalRevenue }) =>
        Object.assign(new TopShare(), {
          percent,
          share: Number(totalRevenue) === 0 ? 0 : Number(topRevenue) / Number(totalRevenue),
        }),
      ),
      coverage: coverageOf(coverage),
    });
  }
}

function checkList(
  argument: string,
  values: readonly number[],
  allowed: (value: number) => boolean,
  rule: string,
): void {
  if (values.length > MAX_POINTS) {
    throw new UserInputError(
      argument,
      `${argument} lists ${values.length} values; at most ${MAX_POINTS} are allowed.`,
    );
  }
  const bad = values.find((value) => !allowed(value));
  if (bad !== undefined) {
    throw new UserInputError(argument, `${argument} contains ${bad}; ${rule}.`);
  }
}
