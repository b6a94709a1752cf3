import { Field, InputType } from 'type-graphql';

import { DateScalar } from '../scalars/date';

/** An inclusive range of UTC days. Checked by `checkDateRange`, where the limits are known. */
@InputType({ description: 'An inclusive range of UTC days: `from` through `to`, both included.' })
export class DateRange {
  @Field(() => DateScalar, { description: 'The first UTC day of the range, included.' })
  from!: string;

  @Field(() => DateScalar, { description: 'The last UTC day of the range, included.' })
  to!: string;
}
