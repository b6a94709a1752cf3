import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { sendJson } from '../server/responses';
import { EXPOSITION_CONTENT_TYPE } from './exposition';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** What the `/metrics` route serves, and who may read it. */
export interface MetricsRouteOptions {
  /** The exposition text, rendered at each scrape. */
  readonly render: () => string;
  /**
   * When set, a scrape must send `Authorization: Bearer <token>` (LTV_METRICS_TOKEN); unset,
   * the route is open, as usual for a port only the monitoring network reaches.
   */
  readonly token?: string;
}

/**
 * Serves the metrics in the Prometheus text format to GET and HEAD. With a token configured,
 * a missing or wrong bearer token answers 401 without a body worth reading; the comparison
 * takes the same time whatever the sent value.
 */
export function createMetricsRoute(options: MetricsRouteOptions) {
  const expected = options.token === undefined ? undefined : digest(options.token);
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: 'method_not_allowed', message: 'Use GET /metrics.' });
      return;
    }
    if (expected && !bearerMatches(request.headers.authorization, expected)) {
      response.setHeader('www-authenticate', 'Bearer realm="metrics"');
      sendJson(response, 401, {
        error: 'unauthenticated',
        message: 'Send the metrics token as "Authorization: Bearer <token>" (LTV_METRICS_TOKEN).',
      });
      return;
    }

    const text = options.render();
    response.writeHead(200, {
      'content-type': EXPOSITION_CONTENT_TYPE,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : text);
  };
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  // Digests have one length, so timingSafeEqual never leaks the token's length.
  return match !== null && timingSafeEqual(digest(match[1]), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
