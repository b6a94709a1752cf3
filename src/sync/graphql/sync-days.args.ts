import { ArgsType, Field } from 'type-graphql';

import { DateRange } from '../../graphql/common/date-range.input';

/** The arguments of `Mutation.syncDays`. */
@ArgsType()
export class SyncDaysArgs {
  @Field(() => DateRange, { description: 'Inclusive UTC days to pull.' })
  range!: DateRange;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Pull days already stored again and replace them.',
  })
  refresh?: boolean | null;
}
