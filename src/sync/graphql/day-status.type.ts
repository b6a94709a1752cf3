import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

import { DateScalar } from '../../graphql/scalars/date';

/** Where a report day stands in the store. */
export enum DayState {
  LOADED = 'LOADED',
  PENDING = 'PENDING',
  FAILED = 'FAILED',
  UNAVAILABLE = 'UNAVAILABLE',
}

registerEnumType(DayState, {
  name: 'DayState',
  description: 'Where a report day stands.',
  valuesConfig: {
    LOADED: { description: 'Stored and answering queries.' },
    PENDING: { description: 'Not stored yet: being pulled, or not published by the vendor yet.' },
    FAILED: { description: 'The last pull failed; `message` says why. It can be retried.' },
    UNAVAILABLE: {
      description: 'Older than the vendor window and never stored: it can no longer be pulled.',
    },
  },
});

@ObjectType({ description: 'The state of one UTC report day.' })
export class DayStatus {
  @Field(() => DateScalar, { description: 'The UTC report day.' })
  date!: string;

  @Field(() => DayState)
  state!: DayState;

  @Field(() => GraphQLSafeInt, {
    nullable: true,
    description: 'Rows stored for the day, when loaded.',
  })
  rows!: number | null;

  @Field(() => String, { nullable: true, description: 'When the day was stored, ISO 8601 UTC.' })
  loadedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the last pull failed, with its code.' })
  message!: string | null;
}
