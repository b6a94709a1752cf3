import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { isObjectType, type GraphQLSchema } from 'graphql';

import { accountsSdl, composeExample, ltvSdl, SUPERGRAPH_DIR } from './subgraphs';

describe('composition of ltv-gateway with the example accounts subgraph', () => {
  let ltv: string;
  let accounts: string;

  beforeAll(async () => {
    [ltv, accounts] = await Promise.all([ltvSdl(), accountsSdl()]);
  });

  /** The supergraph's API schema (what clients of the router see), or the composition errors. */
  function apiSchema(sdl: { ltv: string; accounts: string }): GraphQLSchema {
    const result = composeExample(sdl);
    if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
    return result.schema.toAPISchema().toGraphQLJSSchema();
  }

  function fieldsOf(schema: GraphQLSchema, typeName: string): string[] {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type.`);
    return Object.keys(type.getFields()).sort();
  }

  it('succeeds without errors or hints', () => {
    const result = composeExample({ ltv, accounts });

    expect(result.errors).toBeUndefined();
    expect(result.hints?.map((hint) => `${hint.definition.code}: ${hint.message}`)).toEqual([]);
  });

  it('joins User: accounts owns who a user is, ltv-gateway adds revenue and LTV', () => {
    const schema = apiSchema({ ltv, accounts });

    expect(fieldsOf(schema, 'User')).toEqual(
      [
        'id',
        'name',
        'email',
        'advertisingIds',
        'firstSeen',
        'lastSeen',
        'totals',
        'daily',
        'ltv',
      ].sort(),
    );
    expect(fieldsOf(schema, 'Query')).toEqual(expect.arrayContaining(['users', 'topUsers']));
    expect(fieldsOf(schema, 'PageInfo')).toEqual(['endCursor', 'hasNextPage']);
  });

  it('keeps @cacheControl out of the supergraph', () => {
    const result = composeExample({ ltv, accounts });

    expect(result.supergraphSdl).not.toMatch(/cacheControl|CacheControl/);
  });

  it('fails on the PageInfo both subgraphs define when ltv-gateway does not share it', () => {
    const unshared = ltv.replace(/(type PageInfo\s*)@shareable/, '$1');
    expect(unshared).not.toBe(ltv);

    const result = composeExample({ ltv: unshared, accounts });

    expect(result.errors?.map((error) => error.extensions.code)).toContain('INVALID_FIELD_SHARING');
  });

  it('composes the files supergraph.yaml names', async () => {
    const config = await readFile(join(SUPERGRAPH_DIR, 'supergraph.yaml'), 'utf8');
    // A reader for this file's one shape: `  <name>:` under `subgraphs:`, then its `file:`.
    const files = new Map(
      [...config.matchAll(/^ {2}(\w+):\n(?: {4}.*\n)*? {6}file: (\S+)$/gm)].map((match) => [
        match[1],
        join(SUPERGRAPH_DIR, match[2]),
      ]),
    );
    expect([...files.keys()].sort()).toEqual(['accounts', 'ltv']);

    const result = composeExample({
      ltv: await readFile(files.get('ltv') as string, 'utf8'),
      accounts: await readFile(files.get('accounts') as string, 'utf8'),
    });

    expect(result.errors).toBeUndefined();
    expect(result.hints).toEqual([]);
  });
});
