import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import { checkDateRange } from '../../graphql/common/check-date-range';
import { coverageOf } from '../../graphql/common/coverage-of';
import { Coverage } from '../../graphql/common/coverage.type';
import { DateRange } from '../../graphql/common/date-range.input';
import type { GatewayContext } from '../../graphql/context';
import { failureCode, type DayOutcome } from '../day-outcome';
import { DayState, DayStatus } from './day-status.type';
import { SyncDaysArgs } from './sync-days.args';

/** `Query.coverage` and `Mutation.syncDays`. */
@Resolver()
export class SyncResolver {
  @Query(() => Coverage, {
    description:
      'Which days of an inclusive range of UTC days are stored, still to come, or gone for good. Pulls nothing.',
  })
  async coverage(
    @Ctx() context: GatewayContext,
    @Arg('range', () => DateRange, { description: 'Inclusive UTC days.' }) range: DateRange,
  ): Promise<Coverage> {
    checkDateRange(range, context.limits.maxRangeDays);
    return coverageOf(await context.coverage.current(range));
  }

  @Mutation(() => [DayStatus], {
    description:
      'Pulls the days of an inclusive range of UTC days that the vendor still serves and waits for them; with refresh, stored days are pulled again and replaced. Returns each day’s state.',
  })
  async syncDays(
    @Ctx() context: GatewayContext,
    @Args(() => SyncDaysArgs) args: SyncDaysArgs,
  ): Promise<DayStatus[]> {
    const { range } = args;
    const refresh = args.refresh ?? false;
    checkDateRange(range, context.limits.maxRangeDays);
    const outcomes = await context.sync.pullRange(range, { refresh });
    const entries = new Map(
      (await context.sync.storedDays(range)).map((entry) => [entry.day, entry]),
    );
    return outcomes.map((outcome) => statusOf(outcome, entries.get(outcome.day)));
  }
}

function statusOf(
  outcome: DayOutcome,
  entry: { rows: number; loadedAt: string } | undefined,
): DayStatus {
  const status = Object.assign(new DayStatus(), {
    date: outcome.day,
    rows: entry?.rows ?? null,
    loadedAt: entry?.loadedAt ?? null,
    message: null,
  });
  switch (outcome.state) {
    case 'loaded':
      return Object.assign(status, { state: DayState.LOADED });
    case 'failed':
      // A refresh that failed leaves the stored day in place; it still answers queries.
      return Object.assign(status, {
        state: entry ? DayState.LOADED : DayState.FAILED,
        message: `${failureCode(outcome.error)}: ${outcome.error.message}`,
      });
    case 'unavailable':
      return Object.assign(status, { state: DayState.UNAVAILABLE });
    case 'not-yet':
      return Object.assign(status, {
        state: DayState.PENDING,
        message: 'Not published by the vendor yet.',
      });
  }
}
