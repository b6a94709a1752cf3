import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

import { daysBetween } from '../availability/day';

/** What one operation asks for, measured on its document before anything runs. */
export interface OperationMeasure {
  /** The deepest nesting of fields; a root field alone is depth 1. */
  readonly depth: number;
  /** Fields selected under an alias, counted once per place a fragment is spread. */
  readonly aliases: number;
  /** The estimated cost: see `measureOperation`. */
  readonly cost: number;
}

/** The input type whose arguments say how many report days a field reads. */
const DATE_RANGE_TYPE = 'DateRange';

/**
 * Measures an operation's depth, aliases and estimated cost, following fragments.
 *
 * The cost estimates how much stored data an operation touches and returns: every field costs
 * `days × rows`, summed over the operation, where
 * - `days` is the span of the field's `DateRange` argument (`range`, `firstSeen`), inclusive;
 *   a field without one reads the days of the nearest field above it that has one, and a
 *   nullable `DateRange` argument left out (all stored history, as in `User.totals`) counts as
 *   `unboundedDays`;
 * - `rows` is how many times the field is resolved: the product, down the path from the root,
 *   of `first` on connections, the number of `representations` on `_entities`, and the number of
 *   ages in a `days` list (`ltv`, `cohorts`); 1 for any other field.
 * So `topUsers(range: 30 days, first: 50) { edges { node { id } } }` costs 4 × 30 × 50 = 6,000.
 * `__typename` is free, and introspection (`__schema`, `__type`) is left out of all three
 * measures: LTV_INTROSPECTION decides about it. `@skip` and `@include` are ignored, so the
 * estimate is an upper bound. When the variables cannot be coerced, the cost is 0: execution
 * then refuses the operation before any resolver runs.
 *
 * Each fragment is measured once per distinct number of days it is read under, so documents
 * that spread fragments many times over cost linear, not exponential, time to measure.
 */
export function measureOperation(input: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  unboundedDays: number;
}): OperationMeasure {
  const { schema, operation } = input;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], {
    ...input.variables,
  });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }

  const walker = new SelectionWalker(schema, fragments, coerced.coerced, input.unboundedDays);
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, aliases: 0, cost: 0 };
  const measure = walker.measure(operation.selectionSet, root, 1);
  return { ...measure, cost: coerced.coerced ? measure.cost : 0 };
}

/** Measures of a selection set per single resolution of its parent (costs scale linearly). */
interface Tally {
  depth: number;
  aliases: number;
  cost: number;
}

class SelectionWalker {
  private readonly fragmentMeasures = new Map<string, Tally>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown> | undefined,
    private readonly unboundedDays: number,
  ) {}

  measure(selectionSet: SelectionSetNode, parent: GraphQLNamedType, days: number): Tally {
    const total: Tally = { depth: 0, aliases: 0, cost: 0 };
    // Depth and aliases are properties of the document; only the cost grows with the rows.
    const add = (part: Tally, rows = 1) => {
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.cost += part.cost * rows;
    };

    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        const type = condition ? this.schema.getType(condition) : parent;
        if (type) add(this.measure(selection.selectionSet, type, days));
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        add(this.fragment(selection.name.value, days));
      } else {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const field = fieldOf(parent, name);
        if (!field) continue;

        const args = this.argumentsOf(field, selection);
        const ownDays = rangeDays(field, args, this.unboundedDays) ?? days;
        const rows = rowsOf(args);
        const below = selection.selectionSet
          ? this.measure(selection.selectionSet, getNamedType(field.type), ownDays)
          : { depth: 0, aliases: 0, cost: 0 };
        add(
          {
            depth: below.depth + 1,
            aliases: (selection.alias ? 1 : 0) + below.aliases,
            cost: ownDays + below.cost,
          },
          rows,
        );
      }
    }
    return total;
  }

  private fragment(name: string, days: number): Tally {
    const key = `${name}@${days}`;
    const known = this.fragmentMeasures.get(key);
    if (known) return known;
    const definition = this.fragments.get(name);
    const type = definition && this.schema.getType(definition.typeCondition.name.value);
    // Validation has refused unknown fragments and cycles already; measure them as empty.
    this.fragmentMeasures.set(key, { depth: 0, aliases: 0, cost: 0 });
    const measured =
      definition && type
        ? this.measure(definition.selectionSet, type, days)
        : { depth: 0, aliases: 0, cost: 0 };
    this.fragmentMeasures.set(key, measured);
    return measured;
  }

  private argumentsOf(
    field: GraphQLField<unknown, unknown>,
    node: Parameters<typeof getArgumentValues>[1],
  ): Record<string, unknown> {
    if (!this.variables) return {};
    try {
      const values = getArgumentValues(field, node, this.variables);
      // Resolvers read an explicit null as the default (`first: null` is 50 rows, not 1).
      for (const argument of field.args) {
        if (values[argument.name] === null && argument.defaultValue !== undefined) {
          values[argument.name] = argument.defaultValue;
        }
      }
      return values;
    } catch {
      // An invalid argument fails at execution, before the resolver; it costs nothing here.
      return {};
    }
  }
}

function fieldOf(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!isObjectType(type) && !isInterfaceType(type)) return undefined;
  return type.getFields()[name];
}

/** The span of the field's DateRange argument in days, if it has one. */
function rangeDays(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  unboundedDays: number,
): number | undefined {
  for (const argument of field.args) {
    const type = getNamedType(argument.type);
    if (!isInputObjectType(type) || type.name !== DATE_RANGE_TYPE) continue;
    const range = args[argument.name] as { from?: unknown; to?: unknown } | null | undefined;
    if (range && typeof range.from === 'string' && typeof range.to === 'string') {
      return Math.max(1, daysBetween(range.from, range.to) + 1);
    }
    if (!isNonNullType(argument.type)) return unboundedDays;
  }
  return undefined;
}

/** How many rows one resolution of the field yields: `first`, representations, ages. */
function rowsOf(args: Record<string, unknown>): number {
  let rows = 1;
  if (typeof args.first === 'number' && args.first > 0) rows *= args.first;
  if (Array.isArray(args.representations)) rows *= Math.max(1, args.representations.length);
  if (Array.isArray(args.days)) rows *= Math.max(1, args.days.length);
  return rows;
}
