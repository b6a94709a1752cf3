import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

/** One GraphQL request that passed through the proxy, and its answer. */
export interface Exchange {
  readonly requestHeaders: IncomingHttpHeaders;
  readonly request: { query: string; variables?: Record<string, unknown> };
  readonly status: number;
  readonly responseHeaders: Record<string, string | string[] | undefined>;
  readonly response: { data?: unknown; errors?: unknown[]; extensions?: Record<string, unknown> };
}

/** A proxy on port 0 in front of a subgraph, recording every request that reaches it. */
export interface RecordingProxy {
  /** Where to send requests instead of the subgraph. */
  readonly url: string;
  /** Every exchange so far, oldest first; tests may empty it. */
  readonly exchanges: Exchange[];
  close(): Promise<void>;
}

// Headers that describe one hop, not the request: the proxy's own connections set them.
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * Starts a proxy that forwards each request to `target` as it came (method, headers, body) and
 * records it with the answer, so a test sees exactly what a router sent to the subgraph and what
 * came back, headers included.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(incoming.headers).filter(
          ([name]) => !HOP_HEADERS.has(name) && name !== 'host',
        ),
      ) as Record<string, string>;

      const answer = await request(target, { method: 'POST', headers, body });
      const text = await answer.body.text();
      exchanges.push({
        requestHeaders: incoming.headers,
        request: JSON.parse(body),
        status: answer.statusCode,
        responseHeaders: answer.headers,
        response: JSON.parse(text),
      });

      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_HEADERS.has(name)) outgoing.setHeader(name, value);
      }
      outgoing.statusCode = answer.statusCode;
      outgoing.end(text);
    })().catch((error: Error) => {
      outgoing.statusCode = 502;
      outgoing.end(error.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
