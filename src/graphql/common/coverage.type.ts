import { Field, ObjectType } from 'type-graphql';

import { DateScalar } from '../scalars/date';

/**
 * Which of the requested days an answer covers. Every field that reads report days returns one,
 * so a reader of a number always knows what it is made of.
 */
@ObjectType({ description: 'Which requested UTC days an answer is made of.' })
export class Coverage {
  @Field(() => [DateScalar], { description: 'Requested days that are stored and were read.' })
  loaded!: string[];

  @Field(() => [DateScalar], {
    description:
      'Requested days the vendor can still serve that are not stored yet (being pulled, not yet published, or failed); the answer leaves them out.',
  })
  pending!: string[];

  @Field(() => [DateScalar], {
    description:
      'Requested days older than the vendor window that were never stored; they can no longer be pulled.',
  })
  unavailable!: string[];

  @Field({ description: 'True when every requested day is loaded.' })
  complete!: boolean;
}
