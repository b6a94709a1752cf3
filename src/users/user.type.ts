import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

import { Metrics } from '../graphql/common/metrics.type';
import { DateScalar } from '../graphql/scalars/date';

/**
 * A publisher's user, keyed by the publisher user id (or, for rows without one, the advertising
 * id). Other subgraphs own the rest of `User`; this one adds revenue and LTV. Fields are resolved
 * in batches per request (see `UserLoaders`). The type has no GraphQL description: the subgraph
 * that owns the entity describes it, and two descriptions would make composition warn.
 */
@Directive('@key(fields: "id")')
@ObjectType()
export class User {
  @Field(() => ID, {
    description: "The publisher's user id; for rows without one, the advertising id.",
  })
  id!: string;
}

/** Creates the GraphQL value for a user id; every other field is resolved on demand. */
export function userOf(id: string): User {
  return Object.assign(new User(), { id });
}

/** One user's activity on one UTC day. */
@ObjectType({ description: "A user's activity on one UTC day." })
export class UserDay {
  @Field(() => DateScalar, { description: 'The UTC report day.' })
  date!: string;

  @Field(() => Metrics, { description: 'What the user earned and did that day.' })
  metrics!: Metrics;
}

/** Lifetime value at one age. */
@ObjectType({
  description:
    "A user's lifetime value at an age: cumulative revenue from the first-seen day through `day` days after it.",
})
export class LtvPoint {
  @Field(() => Int, { description: 'Days since first seen; 0 is the first-seen day itself.' })
  day!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Cumulative revenue in USD through first-seen + `day`, inclusive. Null while that day is later than the latest loaded day.',
  })
  revenue!: number | null;
}
