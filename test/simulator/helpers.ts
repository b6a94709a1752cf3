import { request } from 'undici';

import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator';

/** Noon has passed: yesterday (2026-03-09) and the eleven days before it are pullable. */
export const AFTERNOON = '2026-03-10T13:00:00.000Z';

/** Starts a small simulator pinned to AFTERNOON whose files are ready at once. */
export async function startTestSimulator(
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const sim = await startSimulator({ users: 300, readyAfterMs: 0, ...options });
  sim.clock.set(AFTERNOON);
  return sim;
}

/** Posts JSON and returns status, headers and the parsed JSON body (undefined when empty). */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** Asks for a token with the default credentials and returns it. */
export async function fetchToken(sim: RunningSimulator): Promise<string> {
  const answer = await postJson(`${sim.url}/auth/v1/token`, {
    grant_type: 'client_credentials',
    client_id: DEFAULT_CLIENT_ID,
    client_secret: DEFAULT_CLIENT_SECRET,
  });
  if (answer.status !== 200) throw new Error(`token request answered ${answer.status}`);
  return answer.body.accessToken as string;
}

/** Asks for the report of `day` with `token`, the way the upstream client does. */
export function requestReport(sim: RunningSimulator, token: string, day: string) {
  return postJson(
    `${sim.url}/api/v1/report?format=csv`,
    { dateRange: { start: day, end: day } },
    { authorization: `Bearer ${token}` },
  );
}

/** Requests `day` and returns the download URL, failing loudly on anything but 200. */
export async function reportUrl(sim: RunningSimulator, day: string): Promise<string> {
  const answer = await requestReport(sim, await fetchToken(sim), day);
  if (answer.status !== 200) throw new Error(`report request answered ${answer.status}`);
  return answer.body.url as string;
}

/** GETs `url` and returns status, headers and the whole body as bytes. */
export async function download(
  url: string,
): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }> {
  const response = await request(url);
  const bytes = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, bytes };
}

/** Concatenates the chunks of a generated file. */
export function collect(chunks: Iterable<Buffer>): Buffer {
  return Buffer.concat([...chunks]);
}

/**
 * Requests `url` and reads its body until the read ends, as it does when the server cuts the
 * connection: the status, the bytes received before the cut, and what the read failed with
 * (undefined when the body ended normally).
 */
export async function downloadUntilCut(
  url: string,
): Promise<{ status: number; received: number; failure: unknown }> {
  const response = await request(url);
  let received = 0;
  try {
    for await (const chunk of response.body) received += (chunk as Buffer).length;
    return { status: response.statusCode, received, failure: undefined };
  } catch (failure) {
    return { status: response.statusCode, received, failure };
  }
}
