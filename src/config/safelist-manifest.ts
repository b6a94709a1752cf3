import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One operation a safelist lets execute. */
export interface SafelistedOperation {
  /** The SHA-256 of `body`, in lowercase hex: what APQ clients send as `sha256Hash`. */
  readonly id: string;
  readonly name: string;
  /** The exact document text; a request must send it byte for byte, or only its id. */
  readonly body: string;
}

/** The `format` an Apollo persisted query manifest declares. */
const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

/**
 * Reads an Apollo persisted query manifest (`{ format: 'apollo-persisted-query-manifest',
 * version: 1, operations: [{ id, name, type, body }] }`, as written by
 * `@apollo/generate-persisted-query-manifest`). Every id must be the SHA-256 of its body, the
 * generator's default, because requests are matched by that hash. Returns the operations with
 * the resolved path, or the first problem found, phrased for the LTV_SAFELIST variable.
 */
export function readSafelistManifest(
  file: string,
): { path: string; operations: readonly SafelistedOperation[] } | { problem: string } {
  const resolved = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code ?? 'unreadable';
    return { problem: `names ${JSON.stringify(resolved)}, which cannot be read (${reason})` };
  }

  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return { problem: `names ${JSON.stringify(resolved)}, which is not valid JSON` };
  }
  const { format, version, operations } = (manifest ?? {}) as Record<string, unknown>;
  if (format !== MANIFEST_FORMAT || version !== 1 || !Array.isArray(operations)) {
    return {
      problem: `names ${JSON.stringify(resolved)}, which is not a persisted query manifest: expected { "format": "${MANIFEST_FORMAT}", "version": 1, "operations": [...] }`,
    };
  }
  if (operations.length === 0) {
    return { problem: `names ${JSON.stringify(resolved)}, which lists no operation` };
  }

  const listed: SafelistedOperation[] = [];
  for (const [index, entry] of operations.entries()) {
    const { id, name, body } = (entry ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof body !== 'string') {
      return { problem: `operations[${index}] in ${resolved} needs a string "id" and "body"` };
    }
    const hash = createHash('sha256').update(body).digest('hex');
    if (id !== hash) {
      return {
        problem: `operations[${index}] in ${resolved} has id ${JSON.stringify(id)}, but its body hashes to ${hash}; ids must be the SHA-256 of the body (the manifest generator's default)`,
      };
    }
    listed.push(Object.freeze({ id, name: typeof name === 'string' ? name : '', body }));
  }
  return { path: resolved, operations: Object.freeze(listed) };
}
