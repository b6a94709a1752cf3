import { ValidateNested } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';

import { DateRange } from '../graphql/common/date-range.input';
import { Dimension } from '../graphql/common/enums';
import { UserFilter } from '../graphql/common/user-filter.input';

/** The arguments of `Query.revenue`, in the order the contract lists them. */
@ArgsType()
export class RevenueArgs {
  @Field(() => DateRange, { description: 'Inclusive UTC days.' })
  range!: DateRange;

  @Field(() => [Dimension], {
    nullable: true,
    defaultValue: [],
    description: 'Dimensions to group by, in order; none gives one row for everything.',
  })
  groupBy?: Dimension[] | null;

  // The args class is validated as one object: the filter's own rules run only when nested.
  @Field(() => UserFilter, { nullable: true, description: 'Which rows and users to count.' })
  @ValidateNested()
  filter?: UserFilter | null;
}
