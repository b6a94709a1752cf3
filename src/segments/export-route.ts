import type { ServerResponse } from 'node:http';

import type { Logger } from '../logging/logger';
import type { RouteHandler } from '../server/http-server';
import { sendJson } from '../server/responses';
import { EXPORT_ENCODINGS } from './export-format';
import type { SegmentExportLinks } from './export-links';
import { streamSegmentLines, type RowStreamer } from './export-reader';
import {
  ExportTokenExpiredError,
  ExportTokenInvalidError,
  type ExportTicket,
} from './export-token';

/** What the download route needs. */
export interface ExportRouteOptions {
  readonly links: SegmentExportLinks;
  readonly store: RowStreamer;
  readonly logger: Logger;
}

/**
 * The download of segment exports: `GET /exports?token=…`, with a token from `exportSegment`.
 * Streams the list as CSV or NDJSON straight from DuckDB, one batch (about 2,048 users) at a
 * time, waiting for the client to drain each write, so memory stays flat however long the list
 * is. Answers 400 without a token, 403 (`export_link_invalid`) for a token that was altered or
 * signed with another key, 410 (`export_link_expired`) after its expiry; each with a JSON body
 * naming the problem. A failure after the first byte cuts the connection, so a client never takes
 * a truncated file for a whole one.
 *
 * DuckDB groups and sorts the whole segment before the first line exists, and headers wait for
 * that first batch (on a million users, seconds). Not yet: a limit on concurrent downloads; until
 * then each one holds a DuckDB connection and the memory of its own aggregation.
 */
export function createExportRoute(options: ExportRouteOptions): RouteHandler {
  const logger = options.logger.child({ module: 'exports' });
  return async (request, response, url) => {
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      sendJson(response, 405, {
        error: 'method_not_allowed',
        message: `Export links are fetched with GET, not ${request.method}.`,
      });
      return;
    }
    const token = url.searchParams.get('token');
    if (!token) {
      sendJson(response, 400, {
        error: 'export_token_missing',
        message: 'The link has no token parameter; use the url exportSegment returned, unchanged.',
      });
      return;
    }

    let ticket: ExportTicket;
    try {
      ticket = options.links.open(token);
    } catch (error) {
      if (error instanceof ExportTokenExpiredError) {
        sendJson(response, 410, {
          error: 'export_link_expired',
          message: error.message,
          expiresAt: error.expiresAt,
        });
        return;
      }
      if (error instanceof ExportTokenInvalidError) {
        logger.info({ reason: error.context.reason }, 'refused export link');
        sendJson(response, 403, { error: 'export_link_invalid', message: error.message });
        return;
      }
      throw error;
    }
    await sendExport(response, ticket, options.store, logger);
  };
}

async function sendExport(
  response: ServerResponse,
  ticket: ExportTicket,
  store: RowStreamer,
  logger: Logger,
): Promise<void> {
  const started = performance.now();
  const encoding = EXPORT_ENCODINGS[ticket.format];
  const batches = streamSegmentLines(store, ticket, ticket.format)[Symbol.asyncIterator]();

  // 1. Run the statement up to its first batch before answering: a failure is still a clean 500.
  let next = await batches.next();

  // 2. Headers, then each batch once the client has taken the previous one.
  const { from, to } = ticket.range;
  response.writeHead(200, {
    'content-type': encoding.contentType,
    'content-disposition': `attachment; filename="segment_${from}_${to}.${encoding.extension}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  let users = 0;
  let bytes = Buffer.byteLength(encoding.preamble);
  let open = encoding.preamble === '' || (await send(response, encoding.preamble));
  try {
    while (open && !next.done) {
      const text = next.value.join(encoding.lineEnd) + encoding.lineEnd;
      users += next.value.length;
      bytes += Buffer.byteLength(text);
      open = await send(response, text);
      if (open) next = await batches.next();
    }
  } finally {
    // Abandons the statement when the client left (or a write failed) before the last batch.
    if (!next.done) await batches.return(undefined);
  }

  // 3. The end of the body tells the client the list is complete.
  const fields = { format: ticket.format, from, to, days: ticket.days.length, users, bytes };
  const durationMs = Math.round(performance.now() - started);
  if (!open) {
    logger.info({ ...fields, durationMs }, 'export download stopped by the client');
    return;
  }
  response.end();
  logger.info({ ...fields, durationMs }, 'served segment export');
}

/**
 * Writes `text`; when the socket buffer is full, waits for it to drain. Resolves false when the
 * connection closed instead (the client went away), true when more may be written.
 */
function send(response: ServerResponse, text: string): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  if (response.write(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const settle = (open: boolean) => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(open);
    };
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}
