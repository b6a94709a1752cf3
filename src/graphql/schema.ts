import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';

import { CohortsResolver } from '../cohorts/cohorts.resolver';
import { DistributionResolver } from '../distribution/distribution.resolver';
import { RevenueResolver } from '../revenue/revenue.resolver';
import { ExportResolver } from '../segments/export.resolver';
import { TopUsersResolver } from '../segments/top-users.resolver';
import { SyncResolver } from '../sync/graphql/sync.resolver';
import { UserResolver } from '../users/user.resolver';
import { resolveUserReference } from '../users/user-reference';
import { validateArgument } from './argument-validation';
import { CACHE_CONTROL_SDL } from './cache-hints';

/** Every resolver class of the API. */
export const RESOLVERS = [
  UserResolver,
  TopUsersResolver,
  RevenueResolver,
  CohortsResolver,
  DistributionResolver,
  SyncResolver,
  ExportResolver,
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
  const { sdl, resolvers } = await buildSubgraphParts();
  return buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
}

/**
 * The subgraph's SDL, with its federation directives: what `_service { sdl }` answers, what
 * `schema/schema.graphql` holds, and what a platform team publishes to its schema registry.
 */
export async function printGatewaySdl(): Promise<string> {
  return (await buildSubgraphParts()).sdl;
}

async function buildSubgraphParts(): Promise<{ sdl: string; resolvers: unknown }> {
  const schema = await buildSchema({ resolvers: RESOLVERS, validateFn: validateArgument });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  resolvers.User = {
    ...resolvers.User,
    __resolveReference: resolveUserReference,
  };
  const sdl = `${FEDERATION_LINK}\n\n${CACHE_CONTROL_SDL}\n\n${printSchemaWithDirectives(schema)}\n`;
  return { sdl, resolvers };
}
