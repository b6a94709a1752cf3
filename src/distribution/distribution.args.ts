import { ArgsType, Field, Float } from 'type-graphql';

import { DateRange } from '../graphql/common/date-range.input';

/** The arguments of `Query.revenueDistribution`, in the order the contract lists them. */
@ArgsType()
export class DistributionArgs {
  @Field(() => DateRange, { description: 'Inclusive UTC days.' })
  range!: DateRange;

  @Field(() => [Float], { description: 'Quantiles of per-user revenue to compute, each 0..1.' })
  quantiles!: number[];

  @Field(() => [Float], {
    nullable: true,
    defaultValue: [],
    description: 'Top percents of users whose revenue share to compute, each in (0, 100].',
  })
  topShares?: number[] | null;
}
