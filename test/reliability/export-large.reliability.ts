import { request } from 'undici';

import { dayCsv, MASKED_USER_ID } from '../../src/simulator';
import type { StatementEvent } from '../../src/store';
import { parseUsd } from '../support/usd';
import { download, splitCsv, startExportRig, type ExportRig } from '../api/export-rig';

const NOW = '2026-11-28T13:00:00.000Z';
const POPULATION = { users: 150_000, seed: 5 };
const DAY = '2026-11-27';
const RANGE = { from: DAY, to: DAY };

const EXPORT_SEGMENT = `
  mutation Export($range: DateRange!, $format: ExportFormat) {
    exportSegment(range: $range, filter: {}, format: $format) { url users }
  }`;

describe('GET /exports of a large segment', () => {
  let rig: ExportRig;
  let expected: string[];
  const events: StatementEvent[] = [];

  beforeAll(async () => {
    // Worked out before any request, so no keep-alive connection idles while the CPU is busy.
    expected = rankedUserIds(POPULATION, DAY);
    rig = await startExportRig({ now: NOW, population: POPULATION });
    rig.service.gateway.store.onStatement((event) => {
      if (event.name.startsWith('segment_export_')) events.push(event);
    });
  });
  afterAll(() => rig.close());

  async function exportSegment(format: string): Promise<{ url: string; users: number }> {
    const data = await rig.graphql<{ exportSegment: { url: string; users: number } }>(
      EXPORT_SEGMENT,
      { range: RANGE, format },
    );
    return data.exportSegment;
  }

  it('streams tens of thousands of users in many pieces, every one of them, in order', async () => {
    const answer = await exportSegment('CSV');
    const got = await download(answer.url);

    const listed = splitCsv(got.text).slice(1);
    expect(expected.length).toBeGreaterThan(50_000);
    expect(answer.users).toBe(expected.length);
    expect(listed.map((record) => record[0])).toEqual(expected);
    // The body left the server batch by batch, not as one buffer built first.
    expect(got.chunks).toBeGreaterThan(20);
  });

  it('abandons the statement when the client goes away mid-download', async () => {
    const answer = await exportSegment('NDJSON');
    events.length = 0;

    const response = await request(answer.url);
    for await (const _piece of response.body) break;
    while (events.length === 0) await new Promise((resolve) => setImmediate(resolve));

    expect(events[0].failed).toBe(false);
    expect(events[0].rows).toBeLessThan(answer.users);
  });

  // Runs last: it closes the store.
  it('cuts the connection instead of ending the body when the statement fails mid-way', async () => {
    // NDJSON: about 12 MB, far more than the socket buffers hold while the client waits.
    const answer = await exportSegment('NDJSON');
    const response = await request(answer.url);
    const body = response.body[Symbol.asyncIterator]();
    await body.next();

    const closing = rig.service.gateway.store.close();
    const readRest = async () => {
      for (let piece = await body.next(); !piece.done; piece = await body.next()) {
        // keep reading: the server fails at its next batch
      }
    };

    await expect(readRest()).rejects.toThrow();
    await closing;
  });
});

/**
 * The users of the simulator's file of `day`, by revenue (summed exactly per user id, the
 * advertising id standing in for a missing user id) highest first, ties by id.
 */
function rankedUserIds(population: { users: number; seed: number }, day: string): string[] {
  const [header, ...records] = splitCsv(Buffer.concat([...dayCsv(population, day)]).toString());
  const [userAt, adAt, revenueAt] = ['User ID', 'Advertising ID', 'Revenue (USD)'].map((name) =>
    header.indexOf(name),
  );
  const revenue = new Map<string, bigint>();
  for (const record of records) {
    const id = record[userAt] || record[adAt];
    if (id.toLowerCase() === MASKED_USER_ID) continue;
    revenue.set(id, (revenue.get(id) ?? 0n) + parseUsd(record[revenueAt]));
  }
  return [...revenue.entries()]
    .sort(([a, x], [b, y]) => (x !== y ? (x > y ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0))
    .map(([id]) => id);
}
