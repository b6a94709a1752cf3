import { createHash } from 'node:crypto';

import type { SafelistedOperation } from '../config/safelist-manifest';
import { ErrorCode } from '../graphql/error-code';
import type { Logger } from '../logging/logger';
import type { GraphQLHttpParts, RequestScreen } from '../server/graphql-handler';
import { RequestRefusal } from '../server/request-refusal';

/** The fields of one GraphQL request that name its document. */
interface OperationRequest {
  readonly query?: unknown;
  readonly extensions?: { readonly persistedQuery?: { readonly sha256Hash?: unknown } };
}

/**
 * Lets only the listed operations through (safelisting), before anything is parsed. A request
 * names its operation by the document text (`query`, matched by its SHA-256, so the text must
 * be the listed body byte for byte) or by the APQ hash alone
 * (`extensions.persistedQuery.sha256Hash`); a listed hash sent alone gets its body filled in, so
 * clients that ship only ids work from the first request. Anything else answers
 * PERSISTED_QUERY_NOT_IN_LIST with HTTP 400; a batch is refused whole if one operation is not
 * listed. Requests naming no operation pass, so Apollo Server answers them (landing page,
 * errors) as usual.
 */
export function safelistScreen(
  operations: readonly SafelistedOperation[],
  logger: Logger,
): RequestScreen {
  const bodies = new Map(operations.map((operation) => [operation.id, operation.body]));
  const log = logger.child({ module: 'limits' });

  const admit = (request: OperationRequest): OperationRequest => {
    const hash =
      typeof request.query === 'string' && request.query !== ''
        ? sha256(request.query)
        : request.extensions?.persistedQuery?.sha256Hash;
    if (typeof hash !== 'string') return request;
    const body = bodies.get(hash);
    if (body === undefined) {
      log.debug({ sha256: hash.slice(0, 64) }, 'refused operation outside the safelist');
      throw new RequestRefusal(
        400,
        ErrorCode.PersistedQueryNotInList,
        'This server runs only the operations on its safelist, and this one is not on it.',
      );
    }
    return typeof request.query === 'string' ? request : { ...request, query: body };
  };

  return (parts) => {
    if (parts.method === 'GET') return screenGet(parts, admit);
    if (Array.isArray(parts.body)) {
      return { ...parts, body: parts.body.map((item) => (isObject(item) ? admit(item) : item)) };
    }
    if (isObject(parts.body)) return { ...parts, body: admit(parts.body) };
    return parts;
  };
}

/** GET carries the operation in the query string: `query`, and `extensions` as JSON. */
function screenGet(
  parts: GraphQLHttpParts,
  admit: (request: OperationRequest) => OperationRequest,
): GraphQLHttpParts {
  const params = new URLSearchParams(parts.search);
  let extensions: unknown;
  try {
    extensions = JSON.parse(params.get('extensions') ?? 'null');
  } catch {
    // Apollo Server answers malformed extensions itself.
  }
  const query = params.get('query') ?? undefined;
  const admitted = admit({ query, extensions: isObject(extensions) ? extensions : undefined });
  if (admitted.query === query) return parts;
  params.set('query', String(admitted.query));
  return { ...parts, search: `?${params.toString()}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
