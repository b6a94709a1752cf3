import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

import { Coverage } from '../graphql/common/coverage.type';

@ObjectType({ description: 'A quantile of per-user revenue.' })
export class Quantile {
  @Field(() => Float, { description: 'The quantile asked for, 0..1 (0.5 is the median).' })
  p!: number;

  @Field(() => Float, {
    description: 'Revenue in USD of the user at that rank (nearest rank, no interpolation).',
  })
  revenue!: number;
}

@ObjectType({ description: 'How much of the revenue the top users earn.' })
export class TopShare {
  @Field(() => Float, { description: 'The top percent of users by revenue, 0 < percent <= 100.' })
  percent!: number;

  @Field(() => Float, {
    description: 'Their share of all attributed revenue, 0..1; 0 when there is no revenue.',
  })
  share!: number;
}

@ObjectType({ description: 'How revenue is spread across users over a range.' })
export class RevenueDistribution {
  @Field(() => GraphQLSafeInt, { description: 'Users active in the range.' })
  users!: number;

  @Field(() => [Quantile], { description: 'In the order asked.' })
  quantiles!: Quantile[];

  @Field(() => [TopShare], { description: 'In the order asked.' })
  topShares!: TopShare[];

  @Field(() => Coverage)
  coverage!: Coverage;
}
