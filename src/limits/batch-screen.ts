import { ErrorCode } from '../graphql/error-code';
import type { RequestScreen } from '../server/graphql-handler';
import { RequestRefusal } from '../server/request-refusal';

/**
 * Refuses a batched request (a JSON array of operations) holding more than `maxBatchSize`
 * operations, and every batch when `maxBatchSize` is 0: BATCH_TOO_LARGE with HTTP 400, before
 * any of them is parsed.
 */
export function batchScreen(maxBatchSize: number): RequestScreen {
  return (parts) => {
    if (!Array.isArray(parts.body) || parts.body.length <= maxBatchSize) return parts;
    const message =
      maxBatchSize === 0
        ? 'This server does not accept batched requests; send one operation per request.'
        : `The batch holds ${parts.body.length} operations; at most ${maxBatchSize} are allowed in one request.`;
    throw new RequestRefusal(400, ErrorCode.BatchTooLarge, message, {
      measured: parts.body.length,
      maximum: maxBatchSize,
    });
  };
}
