import { request } from 'undici';

import type { RunningService } from '../../src/app/service';
import type { RunningSimulator } from '../../src/simulator';
import { ExpectedReports, rowMatches, type Filter } from '../support/expected';
import { startSimulatedService } from '../support/simulated-service';

/**
 * A real service on port 0 over an in-memory store, fed by a simulator on a pinned clock, for
 * tests that download exports over HTTP.
 */
export interface ExportRig {
  readonly simulator: RunningSimulator;
  readonly service: RunningService;
  /** The service's origin, e.g. http://127.0.0.1:40123. */
  readonly base: string;
  /** Posts one GraphQL operation; fails the test on errors. */
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Starts a rig; `env` adds configuration (LTV_EXPORT_TTL_SECONDS…). */
export async function startExportRig(options: {
  now: string;
  population: { users: number; seed: number };
  env?: Record<string, string>;
}): Promise<ExportRig> {
  const rig = await startSimulatedService({
    now: options.now,
    simulator: options.population,
    env: options.env,
  });
  const { base } = rig;

  return {
    simulator: rig.simulator,
    service: rig.service,
    base,
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      const response = await request(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.body.json()) as { data?: T; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return body.data as T;
    },
    close: rig.close,
  };
}

/** A downloaded body with its status, headers and how many pieces it arrived in. */
export interface Download {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly chunks: number;
}

/** GETs a URL and reads the body piece by piece, as it arrives. */
export async function download(url: string): Promise<Download> {
  const response = await request(url);
  const pieces: Buffer[] = [];
  for await (const piece of response.body) pieces.push(piece as Buffer);
  return {
    status: response.statusCode,
    headers: response.headers,
    text: Buffer.concat(pieces).toString('utf8'),
    chunks: pieces.length,
  };
}

/** One user of an expected export; revenue in units of 10^-18 USD. */
export interface ExpectedMember {
  userId: string;
  advertisingIds: string[];
  revenue: bigint;
  impressions: number;
  clicks: number;
  conversions: number;
  activeDays: number;
  firstSeen: string;
  lastSeen: string;
}

/**
 * The list an export of `days` with `filter` must hold, from the simulator's files alone:
 * users the filter keeps, their totals, advertising ids and first and last day over the rows the
 * filter keeps, highest revenue first, ties by user id ascending.
 */
export function expectedMembers(
  reports: ExpectedReports,
  days: readonly string[],
  filter: Filter = {},
): ExpectedMember[] {
  const totals = reports.userTotals(days, filter);
  const seen = new Map<string, { ids: Set<string>; firstSeen: string }>();
  for (const row of reports.userRows(days).filter((candidate) => rowMatches(candidate, filter))) {
    const facts = seen.get(row.userId) ?? { ids: new Set<string>(), firstSeen: row.day };
    if (row.advertisingId !== '') facts.ids.add(row.advertisingId);
    if (row.day < facts.firstSeen) facts.firstSeen = row.day;
    seen.set(row.userId, facts);
  }
  const members = [...totals.values()].map((user) => {
    const facts = seen.get(user.userId)!;
    return {
      userId: user.userId,
      advertisingIds: [...facts.ids].sort(),
      revenue: user.revenue,
      impressions: user.impressions,
      clicks: user.clicks,
      conversions: user.conversions,
      activeDays: user.activeDays,
      firstSeen: facts.firstSeen,
      lastSeen: user.lastSeen,
    };
  });
  return members.sort((a, b) => {
    if (a.revenue !== b.revenue) return a.revenue > b.revenue ? -1 : 1;
    return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
  });
}

/**
 * Splits CSV text into records (fields split by commas, records by LF or CRLF; a quoted field may
 * hold commas, line breaks and doubled quotes). Slices instead of growing strings per character,
 * so files of tens of thousands of lines split in milliseconds.
 */
export function splitCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field = '';
    if (text[at] === '"') {
      for (let from = at + 1; ;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new Error(`Unterminated quoted field at offset ${at}.`);
        field += text.slice(from, quote);
        if (text[quote + 1] !== '"') {
          at = quote + 1;
          break;
        }
        field += '"';
        from = quote + 2;
      }
    } else {
      let end = at;
      while (end < text.length && !FIELD_END.has(text[end])) end += 1;
      field = text.slice(at, end);
      at = end;
    }
    record.push(field);
    if (text[at] === ',') {
      at += 1;
      if (at === text.length) record.push('');
      else continue;
    }
    at += text[at] === '\r' && text[at + 1] === '\n' ? 2 : 1;
    records.push(record);
    record = [];
  }
  return records;
}

const FIELD_END = new Set([',', '\r', '\n']);
