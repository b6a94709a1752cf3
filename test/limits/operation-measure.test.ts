import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

import { buildGatewaySchema } from '../../src/graphql/schema';
import { measureOperation } from '../../src/limits/operation-measure';

const UNBOUNDED_DAYS = 400;

describe('measureOperation', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildGatewaySchema();
  });

  const measure = (text: string, variables?: Record<string, unknown>) => {
    const document = parse(text);
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (!operation) throw new Error('No operation in the test document.');
    return measureOperation({
      schema,
      document,
      operation,
      variables,
      unboundedDays: UNBOUNDED_DAYS,
    });
  };

  it('charges each field the days of its own date range', () => {
    const result = measure(`{
      user(id: "u1") { id totals(range: { from: "2026-01-01", to: "2026-01-10" }) { revenue clicks } }
    }`);

    // user 1, id 1, totals 10, revenue 10, clicks 10.
    expect(result).toEqual({ depth: 3, aliases: 0, cost: 1 + 1 + 10 + 10 + 10 });
  });

  it('multiplies by first, reading it and the range from variables, with the schema default', () => {
    const text = `query ($range: DateRange!, $first: Int) {
      topUsers(range: $range, first: $first) { totalCount edges { node { id } } }
    }`;
    const range = { from: '2026-03-01', to: '2026-03-07' };

    // Five fields, 7 days, 50 rows (topUsers' default page) or the 20 asked for.
    expect(measure(text, { range }).cost).toBe(5 * 7 * 50);
    expect(measure(text, { range, first: null }).cost).toBe(5 * 7 * 50);
    expect(measure(text, { range, first: 20 }).cost).toBe(5 * 7 * 20);
  });

  it('lets a nested date range replace the days of the fields above it', () => {
    const result = measure(`{
      topUsers(range: { from: "2026-03-01", to: "2026-03-07" }, first: 2) {
        edges { node { daily(range: { from: "2026-03-05", to: "2026-03-07" }) { date } } }
      }
    }`);

    // topUsers, edges, node: 7 days × 2 rows; daily, date: 3 days × 2 rows.
    expect(result).toEqual({ depth: 5, aliases: 0, cost: 3 * 14 + 2 * 6 });
  });

  it('counts an optional date range left out as the unbounded number of days', () => {
    const result = measure('{ user(id: "u1") { totals { revenue } } }');

    expect(result.cost).toBe(1 + 2 * UNBOUNDED_DAYS);
  });

  it('multiplies by the ages asked of ltv and by the representations of _entities', () => {
    const ltv = measure('{ user(id: "u1") { ltv(days: [0, 1, 3, 7]) { day revenue } } }');
    const entities = measure(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on User { totals(range: { from: "2026-01-01", to: "2026-01-02" }) { revenue } }
        }
      }`,
      { representations: [1, 2, 3].map((n) => ({ __typename: 'User', id: `u${n}` })) },
    );

    expect(ltv.cost).toBe(1 + 4 * 3);
    // _entities 3 rows; totals and revenue 3 rows × 2 days.
    expect(entities).toEqual({ depth: 3, aliases: 0, cost: 3 + 2 * 6 });
  });

  it('counts aliases once per place a fragment is spread', () => {
    const result = measure(`{
      a: user(id: "u1") { ...Both }
      b: user(id: "u2") { ...Both }
    }
    fragment Both on User { x: firstSeen y: lastSeen }`);

    expect(result).toEqual({ depth: 2, aliases: 2 + 2 * 2, cost: 6 });
  });

  it('measures fragments spread twice at each of 20 levels in linear time', () => {
    const levels = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i + 1} on Metrics { ...F${i} ...F${i} }`,
    );
    const text = `{ user(id: "u1") { totals(range: { from: "2026-01-01", to: "2026-01-01" }) { ...F20 } } }
      fragment F0 on Metrics { revenue }
      ${levels.join('\n')}`;

    const started = performance.now();
    const result = measure(text);

    expect(result).toEqual({ depth: 3, aliases: 0, cost: 2 + 2 ** 20 });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('leaves __typename and introspection out', () => {
    const result = measure(
      '{ __typename __schema { types { name fields { name } } } user(id: "u1") { __typename id } }',
    );

    expect(result).toEqual({ depth: 2, aliases: 0, cost: 2 });
  });

  it('costs nothing when the variables cannot be coerced, since execution refuses them', () => {
    const result = measure(
      'query ($first: Int) { topUsers(range: { from: "2026-01-01", to: "2026-01-02" }, first: $first) { totalCount } }',
      {
        first: 'many',
      },
    );

    expect(result.cost).toBe(0);
    expect(result.depth).toBe(2);
  });
});
