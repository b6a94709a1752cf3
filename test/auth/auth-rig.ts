import { createHash, createHmac, randomBytes, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

import type { RunningService } from '../../src/app/service';
import type { Logger } from '../../src/logging/logger';
import type { RunningSimulator } from '../../src/simulator';
import { startSimulatedService } from '../support/simulated-service';

/** A real service on port 0 with the given auth settings, fed by a simulator on a pinned clock. */
export interface AuthRig {
  readonly simulator: RunningSimulator;
  readonly service: RunningService;
  readonly base: string;
  /** Posts one GraphQL operation with the given headers; never fails on an error answer. */
  post(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLAnswer>;
  close(): Promise<void>;
}

/** What came back over HTTP. */
export interface GraphQLAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

/** Starts a rig; `env` is the configuration beyond port, data folder and sync budget. */
export async function startAuthRig(options: {
  env: Record<string, string>;
  now?: string;
  population?: { users: number; seed: number };
  logger?: Logger;
}): Promise<AuthRig> {
  const rig = await startSimulatedService({
    now: options.now ?? '2026-03-20T13:00:00Z',
    simulator: options.population ?? { users: 200, seed: 1 },
    env: options.env,
    logger: options.logger,
  });
  const { simulator, service, base } = rig;

  return {
    simulator,
    service,
    base,
    async post(query, variables = {}, headers = {}) {
      const response = await request(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.body.text();
      return {
        status: response.statusCode,
        headers: response.headers,
        text,
        body: JSON.parse(text) as GraphQLAnswer['body'],
      };
    },
    close: rig.close,
  };
}

/** A fresh random API key and the LTV_API_KEYS digest of it. */
export function newApiKey(): { key: string; sha256: string } {
  const key = `ltv_${randomBytes(24).toString('base64url')}`;
  return { key, sha256: createHash('sha256').update(key).digest('hex') };
}

/** Seconds since the epoch, now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Signs a JWT the way RFC 7515 describes, written here apart from the service's verifier:
 * base64url(header) "." base64url(payload) "." base64url(signature).
 */
export function signJwt(
  claims: Record<string, unknown>,
  key: { hs256: string } | { rs256: KeyObject; kid?: string },
  headerExtras: Record<string, unknown> = {},
): string {
  const header =
    'hs256' in key
      ? { alg: 'HS256', typ: 'JWT' }
      : { alg: 'RS256', typ: 'JWT', ...(key.kid ? { kid: key.kid } : {}) };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ ...header, ...headerExtras })}.${encode(claims)}`;
  const signature =
    'hs256' in key
      ? createHmac('sha256', key.hs256).update(input).digest()
      : sign('sha256', Buffer.from(input), key.rs256);
  return `${input}.${signature.toString('base64url')}`;
}

/** A tiny JWKS endpoint on port 0 whose key list a test can change; counts its fetches. */
export interface JwksServer {
  readonly url: string;
  fetches: number;
  setKeys(keys: { kid: string; publicKey: KeyObject }[]): void;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  let body = JSON.stringify({ keys: [] });
  const server = http.createServer((_request, response) => {
    state.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: JwksServer = {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: 0,
    setKeys(keys) {
      body = JSON.stringify({
        keys: keys.map(({ kid, publicKey }) => ({
          ...publicKey.export({ format: 'jwk' }),
          kid,
          use: 'sig',
          alg: 'RS256',
        })),
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return state;
}
