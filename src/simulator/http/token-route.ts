import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SimulatorState } from '../state';
import { readBody, sendError, sendJson } from './io';

/**
 * POST /auth/v1/token: the OAuth 2.0 client-credentials grant. The body is JSON, as the vendor
 * documents; a form-encoded body is accepted too, as OAuth servers usually do. Checks run in
 * the order a real server would hit them: injected fault, grant type, presence of the
 * credentials, then the credentials themselves.
 */
export async function handleTokenRequest(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  state.counters.tokenRequests += 1;
  if (state.faults.take('tokenServerErrors')) {
    sendError(res, 500, 'internal_server_error', 'Simulated failure of the token service.');
    return;
  }

  const fields = parseTokenBody(await readBody(req), req.headers['content-type']);
  if (fields === undefined) {
    sendError(
      res,
      400,
      'invalid_request',
      'The body is not a JSON object with grant_type, client_id and client_secret.',
    );
    return;
  }
  const grantType = fields.grant_type;
  if (grantType === undefined || grantType === '') {
    sendError(res, 400, 'invalid_request', 'grant_type is missing; expected "client_credentials".');
    return;
  }
  if (grantType !== 'client_credentials') {
    sendError(
      res,
      400,
      'unsupported_grant_type',
      `Grant type ${JSON.stringify(grantType)} is not supported; expected "client_credentials".`,
    );
    return;
  }
  if (!fields.client_id || !fields.client_secret) {
    sendError(res, 400, 'invalid_request', 'client_id or client_secret is missing.');
    return;
  }
  const { clientId, clientSecret } = state.options;
  if (
    state.credentialsRevoked ||
    !sameText(fields.client_id, clientId) ||
    !sameText(fields.client_secret, clientSecret)
  ) {
    state.logger.debug({ revoked: state.credentialsRevoked }, 'token refused');
    sendError(
      res,
      400,
      'invalid_client',
      'The client credentials are incorrect, revoked or disabled.',
    );
    return;
  }

  const accessToken = state.tokens.issue(
    clientId,
    state.clock.nowMs(),
    state.options.tokenTtlSeconds,
  );
  state.counters.tokensIssued += 1;
  state.logger.debug({ expiresIn: state.options.tokenTtlSeconds }, 'token issued');
  sendJson(res, 200, {
    accessToken,
    tokenType: 'bearer',
    expiresIn: state.options.tokenTtlSeconds,
  });
}

/** The body's string fields, or undefined when it is neither a JSON object nor a form. */
function parseTokenBody(
  text: string,
  contentType: string | undefined,
): Record<string, string | undefined> | undefined {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const fields: Record<string, string | undefined> = {};
    for (const [key, field] of Object.entries(value)) {
      fields[key] = typeof field === 'string' ? field : undefined;
    }
    return fields;
  } catch {
    return undefined;
  }
}

// Compares digests so the time taken does not reveal how much of a secret matched.
function sameText(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
