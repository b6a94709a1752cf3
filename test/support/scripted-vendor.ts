import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One answer to a route, given `times` requests in a row (once by default). */
export interface ScriptedAnswer {
  readonly status: number;
  /** Sent as application/json. */
  readonly json?: unknown;
  /** Sent as text/plain unless `headers` names another content type. */
  readonly text?: string;
  readonly headers?: Record<string, string>;
  /** Waits this long before answering, so concurrent callers overlap the same call. */
  readonly delayMs?: number;
  readonly times?: number;
}

/** A request as the vendor received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path with its query string, e.g. /api/v1/report?format=csv. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** False when no answer was queued for its route; it was answered UNSCRIPTED_STATUS. */
  readonly scripted: boolean;
}

/**
 * A status no real vendor sends, so a call the test did not script stands out in the client's
 * error ("answered HTTP 599") instead of passing for a vendor fault the test meant.
 */
export const UNSCRIPTED_STATUS = 599;

/**
 * A stand-in vendor for the answers the simulator never gives (it follows the contract): a real
 * HTTP server on loopback that answers each route from what the test queued, in order, and keeps
 * every request it received.
 */
export interface ScriptedVendor {
  /** The origin, e.g. http://127.0.0.1:40123: the client's base URL and the download URLs' host. */
  readonly url: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly ReceivedRequest[];
  /** Queues `answer` for a route (method and path with query), behind those already queued. */
  answer(method: 'GET' | 'POST', path: string, answer: ScriptedAnswer): void;
  /** Throws when a queued answer was never asked for. */
  assertAllAnswered(): void;
  /** Throws when a request came that had no answer queued. */
  assertNoUnscriptedCalls(): void;
  /** Stops the server and drops open connections, delayed answers included. Safe to call twice. */
  close(): Promise<void>;
}

interface QueuedAnswer {
  readonly answer: ScriptedAnswer;
  left: number;
}

/** Starts a scripted vendor on 127.0.0.1, port 0. */
export async function startScriptedVendor(): Promise<ScriptedVendor> {
  const queues = new Map<string, QueuedAnswer[]>();
  const requests: ReceivedRequest[] = [];
  // Aborts answers still waiting out their delay when the vendor closes.
  const closed = new AbortController();

  /** Takes the route's next answer at arrival, so concurrent requests are answered in order. */
  function nextAnswer(route: string): ScriptedAnswer | undefined {
    const queue = queues.get(route);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.left -= 1;
    if (head.left === 0) queue.shift();
    return head.answer;
  }

  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const method = incoming.method ?? '';
      const path = incoming.url ?? '';
      const answer = nextAnswer(`${method} ${path}`);
      requests.push({
        method,
        path,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        scripted: answer !== undefined,
      });

      if (answer === undefined) {
        send(outgoing, {
          status: UNSCRIPTED_STATUS,
          json: { error: 'unscripted_call', message: `No answer queued for ${method} ${path}.` },
        });
        return;
      }
      if (answer.delayMs !== undefined) {
        await sleep(answer.delayMs, undefined, { signal: closed.signal });
      }
      send(outgoing, answer);
    })().catch(() => {
      // The vendor closed during a delay, or the client hung up: the connection is gone anyway.
      outgoing.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,

    answer(method, path, answer) {
      const route = `${method} ${path}`;
      const queue = queues.get(route) ?? [];
      queue.push({ answer, left: answer.times ?? 1 });
      queues.set(route, queue);
    },

    assertAllAnswered() {
      const left = [...queues].flatMap(([route, queue]) =>
        queue.map(({ answer, left }) => `${route} → ${answer.status} (${left} left)`),
      );
      if (left.length > 0) {
        throw new Error(`Scripted vendor was never asked for: ${left.join('; ')}.`);
      }
    },

    assertNoUnscriptedCalls() {
      const unscripted = requests.filter((request) => !request.scripted);
      if (unscripted.length > 0) {
        const routes = unscripted.map((request) => `${request.method} ${request.path}`);
        throw new Error(`Scripted vendor got calls it had no answer for: ${routes.join('; ')}.`);
      }
    },

    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        closed.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function send(outgoing: ServerResponse, { status, json, text, headers }: ScriptedAnswer): void {
  const [body, contentType] =
    json !== undefined ? [JSON.stringify(json), 'application/json'] : [text, 'text/plain'];
  outgoing.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': contentType }),
    ...headers,
  });
  outgoing.end(body);
}
