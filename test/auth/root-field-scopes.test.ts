import { parse, type OperationDefinitionNode } from 'graphql';

import { MUTATION_SCOPES, scopesNeeded } from '../../src/auth/root-field-scopes';
import { buildGatewaySchema } from '../../src/graphql/schema';

function needs(source: string): { scopes: string[]; unassigned: readonly string[] } {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === 'OperationDefinition',
  )!;
  const { scopes, unassigned } = scopesNeeded(operation, document);
  return { scopes: [...scopes].sort(), unassigned };
}

describe('scopesNeeded', () => {
  it('assigns a scope to every mutation of the schema', async () => {
    const schema = await buildGatewaySchema();
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});

    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations.filter((name) => !Object.hasOwn(MUTATION_SCOPES, name))).toEqual([]);
  });

  it('needs read for queries, including entity resolution', () => {
    expect(needs('{ coverage(range: $r) { complete } }')).toEqual({
      scopes: ['read'],
      unassigned: [],
    });
    expect(needs('{ _entities(representations: []) { __typename } }').scopes).toEqual(['read']);
  });

  it('needs nothing for introspection alone', () => {
    expect(needs('{ __typename __schema { queryType { name } } }').scopes).toEqual([]);
  });

  it('finds mutations behind fragment spreads and inline fragments', () => {
    const source = `mutation {
      ... on Mutation { syncDays(range: $r) { date } }
      ...Export
    }
    fragment Export on Mutation { exportSegment(range: $r, filter: {}) { url } }`;

    expect(needs(source)).toEqual({ scopes: ['export', 'sync'], unassigned: [] });
  });

  it('leaves a mutation without an entry unassigned, so nobody may run it', () => {
    expect(needs('mutation { dropEverything }').unassigned).toEqual(['dropEverything']);
  });
});
