import { ValidateNested } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

import { DateRange } from '../graphql/common/date-range.input';
import { UserFilter } from '../graphql/common/user-filter.input';

/** The arguments of `Query.cohorts`, in the order the contract lists them. */
@ArgsType()
export class CohortsArgs {
  @Field(() => DateRange, { description: 'Inclusive UTC days of first sight: one cohort each.' })
  firstSeen!: DateRange;

  @Field(() => [Int], {
    description:
      "Ages in days since first seen, each 0 to 10000; an empty list answers each cohort's size alone.",
  })
  days!: number[];

  // The args class is validated as one object: the filter's own rules run only when nested.
  @Field(() => UserFilter, { nullable: true, description: 'Which rows and users count.' })
  @ValidateNested()
  filter?: UserFilter | null;
}
