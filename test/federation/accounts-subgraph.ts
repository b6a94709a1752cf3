import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLResolveInfo } from 'graphql';

import { silentLogger } from '../../src/logging/logger';
import { accountsSdl } from './subgraphs';

/** An account as the example accounts subgraph serves it. */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** A running accounts subgraph. */
export interface AccountsSubgraph {
  readonly url: string;
  close(): Promise<void>;
}

/** How long the accounts subgraph lets its answers be cached: a week, longer than ltv-gateway. */
export const ACCOUNTS_MAX_AGE_SECONDS = 7 * 86_400;

/**
 * Starts the example accounts subgraph (schema/supergraph/accounts.graphql) on port 0, serving
 * `accounts` in the given order. Its answers are cacheable for ACCOUNTS_MAX_AGE_SECONDS, so a
 * router's Cache-Control shows what ltv-gateway allows.
 */
export async function startAccountsSubgraph(
  accounts: readonly Account[],
): Promise<AccountsSubgraph> {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const cacheable = (info: GraphQLResolveInfo) =>
    (
      info as { cacheControl?: { setCacheHint(hint: { maxAge: number }): void } }
    ).cacheControl?.setCacheHint({ maxAge: ACCOUNTS_MAX_AGE_SECONDS });

  const resolvers = {
    Query: {
      users: (_: unknown, _args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        cacheable(info);
        return accounts;
      },
      accounts: (
        _: unknown,
        args: { first: number; after?: string },
        _context: unknown,
        info: GraphQLResolveInfo,
      ) => {
        cacheable(info);
        const start = args.after === undefined ? 0 : Number(args.after);
        const page = accounts.slice(start, start + args.first);
        const end = start + page.length;
        return {
          users: page,
          pageInfo: { hasNextPage: end < accounts.length, endCursor: String(end) },
        };
      },
    },
    User: {
      __resolveReference: (reference: { id: string }) => byId.get(reference.id) ?? null,
    },
  };

  const server = new ApolloServer({
    logger: silentLogger(),
    schema: buildSubgraphSchema([{ typeDefs: parse(await accountsSdl()), resolvers }]),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}
