import { request } from 'undici';

import type { RunningService } from '../../src/app/service';
import type { RunningSimulator } from '../../src/simulator';
import { startSimulatedService } from '../support/simulated-service';

/** An answer of /graphql: status, headers and the parsed body (text when not JSON). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The service over HTTP on port 0, fed by a simulator on a pinned clock, with an in-memory store. */
export interface ServiceRig {
  readonly service: RunningService;
  readonly simulator: RunningSimulator;
  /** POSTs a JSON body (any value, e.g. a batch array) to /graphql. */
  post(body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** GETs /graphql with the given query string parameters. */
  get(params: Record<string, string>, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** Starts a service whose configuration is `env` on top of port 0. */
export async function startServiceRig(options: {
  env: Record<string, string>;
  now?: string;
  users?: number;
}): Promise<ServiceRig> {
  const rig = await startSimulatedService({
    now: options.now,
    simulator: { users: options.users ?? 200 },
    env: { LTV_QUERY_SYNC_BUDGET_MS: '20000', ...options.env },
    skipResume: true,
  });
  const { service, simulator } = rig;
  const url = `${rig.base}/graphql`;

  const answer = async (response: Awaited<ReturnType<typeof request>>): Promise<HttpAnswer> => {
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (an HTML page): the text is the body.
    }
    return { status: response.statusCode, headers: response.headers, text, body };
  };

  return {
    service,
    simulator,
    async post(body, headers = {}) {
      const text = JSON.stringify(body);
      return answer(
        await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: text,
        }),
      );
    },
    async get(params, headers = {}) {
      const search = new URLSearchParams(params).toString();
      return answer(
        await request(`${url}?${search}`, {
          headers: { 'apollo-require-preflight': 'true', ...headers },
        }),
      );
    },
    close: rig.close,
  };
}
