import { Args, Ctx, Query, Resolver } from 'type-graphql';

import { addDays, addDaysUpToLast } from '../availability/day';
import { checkDateRange } from '../graphql/common/check-date-range';
import type { GatewayContext } from '../graphql/context';
import { checkAges } from '../users/user.resolver';
import { readCohortRevenue } from './cohort-reader';
import { Cohort, CohortPoint } from './cohort.type';
import { CohortsArgs } from './cohorts.args';

/** `Query.cohorts`: LTV curves by first-seen day. */
@Resolver()
export class CohortsResolver {
  @Query(() => [Cohort], {
    description:
      'Users grouped by first-seen UTC day, with the average cumulative revenue per user at each age. An age counts only users whose first-seen + age day is loaded.',
  })
  async cohorts(
    @Ctx() context: GatewayContext,
    @Args(() => CohortsArgs) args: CohortsArgs,
  ): Promise<Cohort[]> {
    const { firstSeen, days } = args;
    const filter = args.filter ?? undefined;
    checkDateRange(firstSeen, context.limits.maxRangeDays, 'firstSeen');
    checkAges(days);
    const ages = [...new Set(days)].sort((a, b) => a - b);
    await context.coverage.ensure(firstSeen);

    const horizon = {
      from: firstSeen.from,
      to: addDaysUpToLast(firstSeen.to, Math.max(0, ...ages)),
    };
    const [rows, stored] = await Promise.all([
      readCohortRevenue(context.store, {
        ...firstSeen,
        days: ages,
        filter,
        apps: context.identity.apps,
      }),
      context.coverage.current(horizon),
    ]);
    const loaded = new Set(stored.loaded);

    const cohorts = new Map<string, Cohort>();
    for (const row of rows) {
      let cohort = cohorts.get(row.firstSeen);
      if (!cohort) {
        cohort = Object.assign(new Cohort(), {
          firstSeen: row.firstSeen,
          users: row.users,
          ltv: [],
        });
        cohorts.set(row.firstSeen, cohort);
      }
      // With no ages asked for, each cohort still answers its size, with an empty curve.
      if (row.day === null) continue;
      const mature = loaded.has(addDays(row.firstSeen, row.day));
      cohort.ltv.push(
        Object.assign(new CohortPoint(), {
          day: row.day,
          users: mature ? row.users : 0,
          averageRevenue: mature && row.users > 0 ? Number(row.revenue) / row.users : null,
        }),
      );
    }
    return [...cohorts.values()];
  }
}
