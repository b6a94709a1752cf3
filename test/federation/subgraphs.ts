import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { composeServices, type CompositionResult } from '@apollo/composition';
import { execute, parse } from 'graphql';

import { buildGatewaySchema } from '../../src/graphql/schema';

/** The example supergraph's folder: the accounts subgraph and the composition config. */
export const SUPERGRAPH_DIR = join(__dirname, '../../schema/supergraph');

/** ltv-gateway's name in the example supergraph (supergraph.yaml). */
export const LTV_SUBGRAPH = 'ltv';
/** The accounts subgraph's name in the example supergraph. */
export const ACCOUNTS_SUBGRAPH = 'accounts';

/** The SDL ltv-gateway answers to `_service { sdl }`: what routers and rover compose. */
export async function ltvSdl(): Promise<string> {
  const result = await execute({
    schema: await buildGatewaySchema(),
    document: parse('{ _service { sdl } }'),
  });
  if (result.errors) throw result.errors[0];
  return (result.data as { _service: { sdl: string } })._service.sdl;
}

/** The example accounts subgraph's SDL, which owns `User { id name email }`. */
export function accountsSdl(): Promise<string> {
  return readFile(join(SUPERGRAPH_DIR, 'accounts.graphql'), 'utf8');
}

/** Composes the two subgraphs the way a platform team's pipeline would. */
export function composeExample(
  sdl: { ltv: string; accounts: string },
  urls: { ltv: string; accounts: string } = {
    ltv: 'http://ltv.invalid/graphql',
    accounts: 'http://accounts.invalid/graphql',
  },
): CompositionResult {
  return composeServices([
    { name: LTV_SUBGRAPH, typeDefs: parse(sdl.ltv), url: urls.ltv },
    { name: ACCOUNTS_SUBGRAPH, typeDefs: parse(sdl.accounts), url: urls.accounts },
  ]);
}
