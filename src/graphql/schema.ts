import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';

import { CohortsResolver } from '../cohorts/cohorts.resolver';
import { DistributionResolver } from '../distribution/distribution.resolver';
import { RevenueResolver } from '../revenue/revenue.resolver';
import { TopUsersResolver } from '../segments/top-users.resolver';
import { SyncResolver } from '../sync/graphql/sync.resolver';
import { UserResolver } from '../users/user.resolver';
import { userOf } from '../users/user.type';

/** Every resolver class of the API. */
export const RESOLVERS = [
  UserResolver,
  TopUsersResolver,
  RevenueResolver,
  CohortsResolver,
  DistributionResolver,
  SyncResolver,
] as const;

/** The Federation 2 link: which spec version and which directives the SDL uses. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;

/**
 * Builds the executable schema: type-graphql builds the API from the resolver classes, and
 * @apollo/subgraph turns its SDL (with the `@key` directives) into an Apollo Federation 2
 * subgraph that resolves `User` entities by id. `_entities` builds bare `User` values, so every
 * field of a whole batch of representations resolves through the same per-request DataLoaders.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: true });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  resolvers.User = {
    ...resolvers.User,
    __resolveReference: (reference: { id: string }) => userOf(reference.id),
  };
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`);
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
}
