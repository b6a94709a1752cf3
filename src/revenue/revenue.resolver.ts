import { Args, Ctx, Query, Resolver } from 'type-graphql';

import { checkDateRange } from '../graphql/common/check-date-range';
import { coverageOf } from '../graphql/common/coverage-of';
import { Dimension } from '../graphql/common/enums';
import { Metrics, ratio } from '../graphql/common/metrics.type';
import type { GatewayContext } from '../graphql/context';
import { readBreakdownRows, readBreakdownTotals } from './breakdown-reader';
import { RevenueReport, RevenueRow } from './revenue-report.type';
import { RevenueArgs } from './revenue.args';

/** `Query.revenue`: breakdowns by day, app, platform and country. */
@Resolver()
export class RevenueResolver {
  @Query(() => RevenueReport, {
    description:
      'Revenue and activity over an inclusive range of UTC days, grouped by the given dimensions, with the masked (unattributed) revenue apart.',
  })
  async revenue(
    @Ctx() context: GatewayContext,
    @Args(() => RevenueArgs) args: RevenueArgs,
  ): Promise<RevenueReport> {
    const { range } = args;
    const groupBy = args.groupBy ?? [];
    const filter = args.filter ?? undefined;
    checkDateRange(range, context.limits.maxRangeDays);
    const coverage = await context.coverage.ensure(range);
    const query = { days: coverage.loaded, groupBy, filter, apps: context.identity.apps };
    const [rows, totals] = await Promise.all([
      readBreakdownRows(context.store, query),
      readBreakdownTotals(context.store, query),
    ]);

    const grouped = new Set(groupBy);
    return Object.assign(new RevenueReport(), {
      rows: rows.map((row) =>
        Object.assign(new RevenueRow(), {
          date: grouped.has(Dimension.DATE) ? row.date : null,
          appId: grouped.has(Dimension.APP) ? row.appId : null,
          deviceOs: grouped.has(Dimension.DEVICE_OS) ? row.deviceOs : null,
          country: grouped.has(Dimension.COUNTRY) ? row.country : null,
          users: row.users,
          metrics: Metrics.of(row),
          arpu: ratio(Number(row.revenue), row.users),
        }),
      ),
      totals: Metrics.of(totals),
      unattributedRevenue: Number(totals.unattributedRevenue),
      arpdau: ratio(Number(totals.attributedRevenue), totals.activeUserDays),
      coverage: coverageOf(coverage),
    });
  }
}
