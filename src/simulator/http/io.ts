import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

import { LtvError } from '../../errors/ltv-error';

/** Largest request body the simulator reads; the vendor's bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

/** Thrown by readBody when a request body exceeds MAX_BODY_BYTES. */
export class BodyTooLargeError extends LtvError {
  constructor() {
    super('SIMULATOR_BODY_TOO_LARGE', `Request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
}

/** The request body as UTF-8 text; rejects with BodyTooLargeError past 64 KiB. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Answers with `body` as JSON. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers with the vendor's error shape, `{ error, message }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { error, message }, headers);
}
