import { Field, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

import { Coverage } from '../graphql/common/coverage.type';

@ObjectType({
  description:
    'A signed, expiring link to the full list of a segment, streamed by this service as CSV or NDJSON.',
})
export class SegmentExport {
  @Field({
    description:
      'Absolute URL of the download (GET, no credentials needed: the link itself is the permission). It reads exactly the days listed in coverage.loaded.',
  })
  url!: string;

  @Field(() => GraphQLSafeInt, {
    description: 'How many users the list holds (rows after the CSV header; lines of NDJSON).',
  })
  users!: number;

  @Field({
    description:
      'When the link stops working, ISO 8601 UTC (e.g. 2026-11-28T13:00:00.000Z); afterwards it answers 410.',
  })
  expiresAt!: string;

  @Field(() => Coverage, { description: 'Which requested UTC days the list is made of.' })
  coverage!: Coverage;
}
