import { buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';

/** What the running service is and where its report days come from. */
@ObjectType({ description: 'The running ltv-gateway service.' })
class ServiceInfo {
  @Field({ description: 'The package version of the running service.' })
  version!: string;
}

@Resolver()
class ServiceResolver {
  @Query(() => ServiceInfo, { description: 'Facts about the running service.' })
  service(): ServiceInfo {
    return { version: process.env.npm_package_version ?? '0.1.0' };
  }
}

/**
 * Builds the executable schema. Not yet the product's API: the revenue, LTV and coverage
 * queries arrive with the GraphQL API issue; until then only `service` answers.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [ServiceResolver], validate: true });
}
