import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

import { Coverage } from '../graphql/common/coverage.type';
import { Metrics } from '../graphql/common/metrics.type';
import { User } from '../users/user.type';

// Other subgraphs page too: composition needs every definition of PageInfo to be shareable.
@Directive('@shareable')
@ObjectType({ description: 'Where a page ends, for fetching the next one.' })
export class PageInfo {
  @Field({ description: 'True when more users follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last edge; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

@ObjectType({ description: 'A user in a ranking, with the metrics it was ranked on.' })
export class UserEdge {
  @Field({ description: 'Opaque cursor of this position; pass it as `after` to continue here.' })
  cursor!: string;

  @Field(() => User)
  node!: User;

  @Field(() => Metrics, { description: "The user's totals over the queried range." })
  metrics!: Metrics;
}

@ObjectType({ description: 'One page of ranked users.' })
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => GraphQLSafeInt, { description: 'How many users the whole filtered set holds.' })
  totalCount!: number;

  @Field(() => Coverage, { description: 'Which requested days the ranking is made of.' })
  coverage!: Coverage;
}
