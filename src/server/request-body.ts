import type { IncomingMessage } from 'node:http';

import { RequestRefusal } from './request-refusal';

/** A request body the server refuses before GraphQL sees it. */
export class RequestBodyError extends RequestRefusal {
  constructor(status: number, code: string, message: string) {
    super(status, code, message);
    this.name = 'RequestBodyError';
  }
}

/**
 * Reads a request body up to `maxBytes`. JSON bodies are parsed; any other content type is
 * handed on as text so Apollo Server can answer it under its own rules (CSRF prevention, GET).
 * Returns undefined for a request without a body.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      request.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  if (size === 0) return undefined;

  const text = Buffer.concat(chunks).toString('utf8');
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/(graphql-response\+)?json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestBodyError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
}

function tooLarge(maxBytes: number): RequestBodyError {
  return new RequestBodyError(
    413,
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than the ${maxBytes}-byte limit.`,
  );
}
