import { ValidateNested } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';

import { DateRange } from '../graphql/common/date-range.input';
import { UserFilter } from '../graphql/common/user-filter.input';
import { ExportFormat } from './export-format';

/** The arguments of `Mutation.exportSegment`, in the order the contract lists them. */
@ArgsType()
export class ExportSegmentArgs {
  @Field(() => DateRange, { description: 'Inclusive UTC days to sum over.' })
  range!: DateRange;

  // An args class is validated as one object: nested inputs are checked only when marked so.
  @Field(() => UserFilter, {
    description: 'Which users belong to the segment; an empty object keeps every user.',
  })
  @ValidateNested()
  filter!: UserFilter;

  @Field(() => ExportFormat, {
    nullable: true,
    defaultValue: ExportFormat.CSV,
    description: 'The file format of the download.',
  })
  format?: ExportFormat | null;
}
