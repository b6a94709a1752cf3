import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

import type { Scope } from './identity';

/**
 * The scope each mutation needs. A mutation missing here needs a scope nobody has, so a new
 * mutation is refused until someone decides who may call it (a test checks the schema against
 * this table).
 */
export const MUTATION_SCOPES: Readonly<Record<string, Scope>> = Object.freeze({
  syncDays: 'sync',
  exportSegment: 'export',
});

/** What an operation needs: every scope it lacks is refused as a whole, before any resolver. */
export interface ScopeNeeds {
  readonly scopes: ReadonlySet<Scope>;
  /** Mutation fields no scope grants. */
  readonly unassigned: readonly string[];
}

/**
 * The scopes an operation needs, from its root fields: every query field (including
 * `_entities` and `_service`) needs `read`; each mutation needs its entry in MUTATION_SCOPES.
 * Introspection fields (`__schema`, `__type`, `__typename`) need none; whether introspection is
 * allowed at all is another setting.
 */
export function scopesNeeded(
  operation: OperationDefinitionNode,
  document: DocumentNode,
): ScopeNeeds {
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => {
        return definition.kind === Kind.FRAGMENT_DEFINITION;
      })
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const scopes = new Set<Scope>();
  const unassigned: string[] = [];
  for (const field of rootFields(operation.selectionSet, fragments, new Set())) {
    if (field.startsWith('__')) continue;
    if (operation.operation !== 'mutation') {
      scopes.add('read');
    } else if (Object.hasOwn(MUTATION_SCOPES, field)) {
      scopes.add(MUTATION_SCOPES[field]);
    } else {
      unassigned.push(field);
    }
  }
  return { scopes, unassigned };
}

/** The names of the root fields, through inline fragments and fragment spreads. */
function rootFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visited: Set<string>,
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      return rootFields(selection.selectionSet, fragments, visited);
    }
    const name = selection.name.value;
    const fragment = fragments.get(name);
    // Validation has already refused unknown and cyclic fragments; this only guards the walk.
    if (fragment === undefined || visited.has(name)) return [];
    visited.add(name);
    return rootFields(fragment.selectionSet, fragments, visited);
  });
}
