import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from '../logging/logger';
import { SimulatorClock } from './clock';
import { SimulatorCounters } from './counters';
import { SimulatorFaults } from './faults';
import { DayFileCache } from './file-cache';
import { handleFileRequest } from './http/file-route';
import { BodyTooLargeError, sendError } from './http/io';
import { handleReportRequest } from './http/report-route';
import { handleTokenRequest } from './http/token-route';
import {
  InvalidSimulatorOptionsError,
  type ResolvedSimulatorOptions,
  resolveSimulatorOptions,
  type SimulatorOptions,
} from './options';
import { DailyQuota } from './quota';
import { ReportRegistry } from './reports';
import type { SimulatorState } from './state';
import { AccessTokens } from './tokens';

/** A listening simulator, steered by tests and by the CLI. */
export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Tallies of what clients asked. */
  readonly counters: SimulatorCounters;
  /** Fault switches, settable at any time. */
  readonly faults: SimulatorFaults;
  /** The simulated wall clock: pin it, advance it, release it. */
  readonly clock: SimulatorClock;
  /** Revokes the credentials: token requests fail with invalid_client, issued tokens turn invalid. */
  revokeCredentials(): void;
  /** Accepts the credentials again; tokens issued before the revocation stay invalid. */
  restoreCredentials(): void;
  /**
   * Stops listening and drops open connections; resolves once the server is closed and any
   * file render in flight is aborted (leaving no cache entry behind).
   */
  close(): Promise<void>;
}

/**
 * Starts a simulator of Digital Turbine's User Level Reporting API (see shared/dt-api.md) on
 * `options.host`:`options.port` (port 0 picks a free one). Resolves once it listens; throws
 * InvalidSimulatorOptionsError before listening when an option is out of range.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveSimulatorOptions(options);
  const logger = resolved.logger.child({ module: 'simulator' });
  const counters = new SimulatorCounters();
  const state: SimulatorState = {
    options: resolved,
    clock: new SimulatorClock(resolved.now),
    counters,
    faults: new SimulatorFaults(),
    tokens: new AccessTokens(),
    reports: new ReportRegistry(),
    quota: new DailyQuota(resolved.dailyReportQuota),
    fileCache: await openFileCache(resolved, counters, logger),
    credentialsRevoked: false,
    listenUrl: '',
    logger,
  };

  const server = createServer((req, res) => {
    route(state, req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        sendError(res, 413, 'payload_too_large', error.message);
        return;
      }
      logger.error({ err: error, method: req.method, path: req.url }, 'request failed');
      if (!res.headersSent)
        sendError(res, 500, 'internal_server_error', 'Unexpected simulator error.');
      else res.destroy();
    });
  });
  await listen(server, resolved.port, resolved.host);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  state.listenUrl = `http://${host}:${address.port}`;
  logger.info(
    {
      url: state.listenUrl,
      users: resolved.users,
      seed: resolved.seed,
      fileCacheDir: resolved.fileCacheDir,
    },
    'simulator listening',
  );

  return {
    url: state.listenUrl,
    counters: state.counters,
    faults: state.faults,
    clock: state.clock,
    revokeCredentials() {
      state.credentialsRevoked = true;
      state.tokens.revokeAll();
    },
    restoreCredentials() {
      state.credentialsRevoked = false;
    },
    async close() {
      await closeServer(server);
      await state.fileCache?.close();
    },
  };
}

/** The file cache of `fileCacheDir`, its directory created; undefined when none is set. */
async function openFileCache(
  options: ResolvedSimulatorOptions,
  counters: SimulatorCounters,
  logger: Logger,
): Promise<DayFileCache | undefined> {
  const dir = options.fileCacheDir;
  if (dir === undefined) return undefined;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const reason = (error as Error).message;
    throw new InvalidSimulatorOptionsError([
      `fileCacheDir ${JSON.stringify(dir)} cannot be created (${reason})`,
    ]);
  }
  const { users, seed, columns, gzip } = options;
  return new DayFileCache(dir, { users, seed, columns, gzip }, counters, logger);
}

async function route(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const method = req.method ?? 'GET';
  if (url.pathname === '/auth/v1/token') {
    if (method === 'POST') return handleTokenRequest(state, req, res);
    return refuseMethod(res, 'POST');
  }
  if (url.pathname === '/api/v1/report') {
    if (method === 'POST') return handleReportRequest(state, req, res, url);
    return refuseMethod(res, 'POST');
  }
  if (url.pathname.startsWith('/files/')) {
    if (method === 'GET') return handleFileRequest(state, req, res, url);
    return refuseMethod(res, 'GET');
  }
  sendError(res, 404, 'not_found', `No route for ${method} ${url.pathname}.`);
}

function refuseMethod(res: ServerResponse, allowed: string): void {
  sendError(res, 405, 'method_not_allowed', `Use ${allowed} on this path.`, { allow: allowed });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
