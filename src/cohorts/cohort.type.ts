import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

import { DateScalar } from '../graphql/scalars/date';

@ObjectType({ description: 'A cohort at one age: average cumulative revenue per user.' })
export class CohortPoint {
  @Field(() => Int, { description: 'Days since first seen; 0 is the first-seen day.' })
  day!: number;

  @Field(() => GraphQLSafeInt, {
    description:
      'Users counted at this age: the cohort when first-seen + day is loaded, otherwise 0.',
  })
  users!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Average cumulative revenue per counted user in USD, first-seen day through first-seen + day. Null when no user is counted.',
  })
  averageRevenue!: number | null;
}

@ObjectType({ description: 'Users first seen on one UTC day, and their LTV curve.' })
export class Cohort {
  @Field(() => DateScalar, { description: 'The UTC day these users were first seen.' })
  firstSeen!: string;

  @Field(() => GraphQLSafeInt, { description: 'Users in the cohort.' })
  users!: number;

  @Field(() => [CohortPoint], { description: 'One point per requested age, in ascending order.' })
  ltv!: CohortPoint[];
}
