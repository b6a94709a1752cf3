import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

import { Coverage } from '../graphql/common/coverage.type';
import { Metrics } from '../graphql/common/metrics.type';
import { DateScalar } from '../graphql/scalars/date';

@ObjectType({
  description:
    'One group of a revenue breakdown. Dimension fields are null unless grouped by; revenue is attributed revenue only (the masked row is in no group).',
})
export class RevenueRow {
  @Field(() => DateScalar, { nullable: true, description: 'The UTC day, when grouped by DATE.' })
  date!: string | null;

  @Field(() => String, { nullable: true, description: 'The vendor app id, when grouped by APP.' })
  appId!: string | null;

  @Field(() => String, { nullable: true, description: 'The platform, when grouped by DEVICE_OS.' })
  deviceOs!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166 alpha-2, when grouped by COUNTRY.',
  })
  country!: string | null;

  @Field(() => GraphQLSafeInt, { description: 'Distinct users in the group.' })
  users!: number;

  @Field(() => Metrics)
  metrics!: Metrics;

  @Field(() => Float, {
    nullable: true,
    description: 'Average revenue per user in the group, USD. Null without users.',
  })
  arpu!: number | null;
}

@ObjectType({
  description: 'Revenue totals grouped by dimensions, reconciling with the vendor file totals.',
})
export class RevenueReport {
  @Field(() => [RevenueRow], { description: 'The groups, ordered by the grouped dimensions.' })
  rows!: RevenueRow[];

  @Field(() => Metrics, {
    description:
      'Totals of everything selected: the sum of all rows plus unattributedRevenue. Equals the vendor files when unfiltered.',
  })
  totals!: Metrics;

  @Field(() => Float, {
    description:
      'Revenue in USD the vendor could not attribute to a user (its masked row): in totals, in no row. 0 when the filter has user thresholds.',
  })
  unattributedRevenue!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Average revenue per daily active user, USD: attributed revenue over the sum of each day’s distinct users. Null without users.',
  })
  arpdau!: number | null;

  @Field(() => Coverage, { description: 'Which requested days the report is made of.' })
  coverage!: Coverage;
}
