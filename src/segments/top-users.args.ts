import { ValidateNested } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

import { DateRange } from '../graphql/common/date-range.input';
import { Metric } from '../graphql/common/enums';
import { UserFilter } from '../graphql/common/user-filter.input';

/** The arguments of `Query.topUsers`, in the order the contract lists them. */
@ArgsType()
export class TopUsersArgs {
  @Field(() => DateRange, { description: 'Inclusive UTC days to sum over.' })
  range!: DateRange;

  @Field(() => Metric, {
    nullable: true,
    defaultValue: Metric.REVENUE,
    description: 'What to rank by, highest first.',
  })
  orderBy?: Metric | null;

  // The args class is validated as one object: the filter's own rules run only when nested.
  @Field(() => UserFilter, { nullable: true, description: 'Which users to rank.' })
  @ValidateNested()
  filter?: UserFilter | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 50,
    description: 'Page size, 1 to the configured maximum (LTV_MAX_PAGE_SIZE, 1000 by default).',
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Continue after this cursor (an `endCursor` or edge cursor of this same query).',
  })
  after?: string | null;
}
