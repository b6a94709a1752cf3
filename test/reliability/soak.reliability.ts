import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { daysFrom } from '../support/days';
import { ExpectedReports } from '../support/expected';
import { usdToNumber } from '../support/usd';
import { startHttpRig, type HttpRig } from './http-rig';
import { closeTo, HostileOracle, metricsProblems, sameProblem } from './hostile-oracle';
import { recordReliability } from './record';
import { seededRandom } from './seeded-random';

/**
 * Soak: SOAK_CONCURRENCY (20) clients send a mix of queries for SOAK_SECONDS (180) over HTTP
 * while the sync pulls new days and then keeps refreshing stored ones, each refresh replacing a
 * day the queries read. Every answer is checked against the simulator's files; latency and the
 * process's memory are sampled throughout, and memory must show no growth trend.
 */

const NOW = '2026-11-28T13:00:00Z';
const POPULATION = { users: Number(process.env.SOAK_USERS ?? 50_000), seed: 31 };
const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 20);
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
/** Stored before the soak and queried during it. */
const QUERIED = daysFrom('2026-11-16', '2026-11-21');
/** Pulled while the queries run. */
const NEW_DAYS = daysFrom('2026-11-22', '2026-11-27');
/** At least this share of the run is warm-up, left out of the memory trend. */
const WARM_UP_SHARE = 0.25;

type Data = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One kind of request: its document, variables, and the check of its data. */
interface Probe {
  readonly kind: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly check: (data: Data) => string[];
}

describe('soak: mixed queries under a running sync', () => {
  let rig: HttpRig;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ltv-soak-'));
    rig = await startHttpRig({
      now: NOW,
      simulator: POPULATION,
      store: 'file',
      dataDir,
      env: { LTV_SYNC_CONCURRENCY: '1' },
    });
    const synced = await rig.graphql(
      'mutation ($range: DateRange!) { syncDays(range: $range) { state } }',
      { range: { from: QUERIED[0], to: QUERIED[QUERIED.length - 1] } },
    );
    expect(synced.body.data.syncDays.every((day: Data) => day.state === 'LOADED')).toBe(true);
  }, 600_000);
  afterAll(async () => {
    await rig?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`answers correctly for ${SECONDS} s at concurrency ${CONCURRENCY}, with no memory growth`, async () => {
    const probes = buildProbes(
      new HostileOracle(ExpectedReports.simulate(POPULATION, QUERIED).rows(), QUERIED),
    );
    const pick = seededPicker(SEED, probes.length);
    const deadline = performance.now() + SECONDS * 1_000;
    const latencies: Record<string, number[]> = {};
    const failures: string[] = [];
    let served = 0;

    // Memory, once a second.
    const memory: { atS: number; rssMb: number; heapMb: number }[] = [];
    const started = performance.now();
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      memory.push({
        atS: (performance.now() - started) / 1_000,
        rssMb: usage.rss / 2 ** 20,
        heapMb: usage.heapUsed / 2 ** 20,
      });
    }, 1_000);

    // The sync: new days first, then refreshes of stored days, until the clients stop.
    const sync = rig.service.gateway.sync;
    const syncLog = { pulled: 0, refreshed: 0, newDaysInS: 0, failed: [] as string[] };
    const syncing = (async () => {
      for (const day of NEW_DAYS) {
        const outcome = await sync.pull(day);
        if (outcome.state === 'loaded') syncLog.pulled += 1;
        else syncLog.failed.push(`${day} ${outcome.state}`);
      }
      syncLog.newDaysInS = Math.round((performance.now() - started) / 1_000);
      const all = [...QUERIED, ...NEW_DAYS];
      for (let i = 0; performance.now() < deadline; i += 1) {
        const outcome = await sync.pull(all[i % all.length], { refresh: true });
        if (outcome.state === 'loaded') syncLog.refreshed += 1;
        else syncLog.failed.push(`${outcome.day} ${outcome.state}`);
      }
    })();

    const client = async () => {
      while (performance.now() < deadline) {
        const probe = probes[pick()];
        const answer = await rig.graphql(probe.query, probe.variables);
        served += 1;
        (latencies[probe.kind] ??= []).push(answer.ms);
        const problems =
          answer.status !== 200 || answer.body.errors
            ? [`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`]
            : probe.check(answer.body.data);
        if (problems.length > 0 && failures.length < 20) {
          failures.push(`${probe.kind} ${JSON.stringify(probe.variables)}: ${problems.join('; ')}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    await syncing;
    clearInterval(sampler);

    const all = Object.values(latencies).flat();
    // The trend is measured once the store has stopped growing: new days in, warm-up over.
    const trend = memoryTrend(memory, Math.max(syncLog.newDaysInS, SECONDS * WARM_UP_SHARE));
    recordReliability('soak', {
      seed: SEED,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      users: POPULATION.users,
      requests: served,
      requestsPerSecond: Math.round(served / SECONDS),
      failures: failures.length,
      sync: syncLog,
      latencyMs: { all: percentiles(all), ...mapValues(latencies, percentiles) },
      memory: trend,
      memorySamples: memory.filter((_, index) => index % 10 === 0).map(roundSample),
    });

    expect(failures).toEqual([]);
    expect(syncLog).toMatchObject({ pulled: NEW_DAYS.length, failed: [] });
    expect(syncLog.refreshed).toBeGreaterThan(0);
    // No growth trend: the fitted slope over the measured window adds less than 64 MiB (RSS)
    // and 32 MiB (JS heap), and the heap's floor rises by less than 32 MiB.
    expect(trend.rssGrowthMb).toBeLessThan(64);
    expect(trend.heapGrowthMb).toBeLessThan(32);
    expect(trend.heapFloorMb[1] - trend.heapFloorMb[0]).toBeLessThan(32);
  }, 3_600_000);
});

/** A fixed pool of requests over the queried days, each with its expected answer. */
function buildProbes(oracle: HostileOracle): Probe[] {
  const range = { from: QUERIED[0], to: QUERIED[QUERIED.length - 1] };
  const probes: Probe[] = [];
  const ranked = oracle.ranking(QUERIED, 'REVENUE', null);

  // One user: totals and daily rows over the range (payers and ordinary users).
  const sampled = [...ranked.slice(0, 20), ...ranked.filter((_, index) => index % 997 === 0)];
  for (const user of sampled) {
    const rows = oracle.rowsOf(user.id);
    probes.push({
      kind: 'user',
      query: `query ($id: ID!, $range: DateRange!) { user(id: $id) { id
        totals(range: $range) { revenue impressions clicks conversions }
        daily(range: $range) { date metrics { revenue } } } }`,
      variables: { id: user.id, range },
      check: (data) => [
        ...sameProblem('id', data.user?.id, user.id),
        ...metricsProblems('totals', data.user?.totals ?? {}, user),
        ...sameProblem(
          'days',
          data.user?.daily.map((day: Data) => day.date),
          [...new Set(rows.map((row) => row.day))],
        ),
      ],
    });
  }

  // Rankings by each metric, over the range and over single days, some filtered.
  const filters = [null, { deviceOs: ['ios'] }, { countries: ['US', 'DE'], minRevenue: 0.05 }];
  for (const metric of ['REVENUE', 'IMPRESSIONS', 'CLICKS', 'ACTIVE_DAYS']) {
    for (const filter of filters) {
      for (const days of [QUERIED, [QUERIED[2]]]) {
        const expected = oracle.ranking(days, metric, filter).slice(0, 20);
        const total = oracle.ranking(days, metric, filter).length;
        probes.push({
          kind: 'topUsers',
          query: `query ($range: DateRange!, $orderBy: Metric, $filter: UserFilter) {
            topUsers(range: $range, orderBy: $orderBy, filter: $filter, first: 20) {
              totalCount edges { node { id } } } }`,
          variables: {
            range: { from: days[0], to: days[days.length - 1] },
            orderBy: metric,
            filter,
          },
          check: (data) => [
            ...sameProblem('totalCount', data.topUsers.totalCount, total),
            ...sameProblem(
              'ids',
              data.topUsers.edges.map((edge: Data) => edge.node.id),
              expected.map((user) => user.id),
            ),
          ],
        });
      }
    }
  }

  // Revenue by platform, the vendor's totals, the unattributed revenue.
  for (const days of [QUERIED, [QUERIED[0]], [QUERIED[5]]]) {
    const rows = oracle.matchingRows(days, null);
    const totals = { revenue: 0n, impressions: 0, clicks: 0, conversions: 0 };
    let masked = 0n;
    for (const row of rows) {
      totals.revenue += row.revenue;
      totals.impressions += row.impressions;
      totals.clicks += row.clicks;
      totals.conversions += row.conversions;
      if (row.masked) masked += row.revenue;
    }
    probes.push({
      kind: 'revenue',
      query: `query ($range: DateRange!) { revenue(range: $range, groupBy: [DEVICE_OS]) {
        rows { deviceOs users } totals { revenue impressions clicks conversions }
        unattributedRevenue } }`,
      variables: { range: { from: days[0], to: days[days.length - 1] } },
      check: (data) => {
        const problems = metricsProblems('totals', data.revenue.totals, totals);
        if (!closeTo(data.revenue.unattributedRevenue, usdToNumber(masked))) {
          problems.push(`unattributedRevenue ${data.revenue.unattributedRevenue}`);
        }
        return problems;
      },
    });
  }

  // Coverage and the revenue distribution.
  probes.push({
    kind: 'coverage',
    query:
      'query ($range: DateRange!) { coverage(range: $range) { loaded pending unavailable complete } }',
    variables: { range },
    check: (data) => sameProblem('coverage', data.coverage, oracle.coverage(range)),
  });
  const revenues = ranked.map((user) => usdToNumber(user.revenue)).sort((a, b) => a - b);
  probes.push({
    kind: 'revenueDistribution',
    query: `query ($range: DateRange!) { revenueDistribution(range: $range, quantiles: [0, 1],
      topShares: [100]) { users quantiles { revenue } topShares { share } } }`,
    variables: { range },
    check: (data) => {
      const answer = data.revenueDistribution;
      const problems = sameProblem('users', answer.users, revenues.length);
      if (!closeTo(answer.quantiles[0].revenue, revenues[0])) problems.push('minimum');
      if (!closeTo(answer.quantiles[1].revenue, revenues[revenues.length - 1])) {
        problems.push('maximum');
      }
      if (!closeTo(answer.topShares[0].share, 1)) problems.push('share of everyone');
      return problems;
    },
  });
  return probes;
}

/** Latency percentiles in milliseconds (nearest rank). */
function percentiles(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

/**
 * Fits a least-squares line to RSS and JS heap from `fromS` seconds on, and says how much each
 * grew along that line over the measured window (its slope times its length).
 */
function memoryTrend(
  samples: readonly { atS: number; rssMb: number; heapMb: number }[],
  fromS: number,
) {
  const measured = samples.filter((sample) => sample.atS >= fromS);
  const slope = (value: (sample: (typeof samples)[number]) => number) => {
    const n = measured.length;
    const meanX = measured.reduce((sum, s) => sum + s.atS, 0) / n;
    const meanY = measured.reduce((sum, s) => sum + value(s), 0) / n;
    let num = 0;
    let den = 0;
    for (const s of measured) {
      num += (s.atS - meanX) * (value(s) - meanY);
      den += (s.atS - meanX) ** 2;
    }
    return { perMinute: den === 0 ? 0 : (num / den) * 60, mean: meanY };
  };
  const windowS = measured.length > 1 ? measured[measured.length - 1].atS - measured[0].atS : 0;
  const rss = slope((s) => s.rssMb);
  const heap = slope((s) => s.heapMb);
  return {
    samples: samples.length,
    fromSecond: Math.round(fromS),
    windowSeconds: Math.round(windowS),
    rssMeanMb: Math.round(rss.mean),
    rssSlopeMbPerMinute: Math.round(rss.perMinute * 100) / 100,
    rssGrowthMb: Math.round(((rss.perMinute * windowS) / 60) * 10) / 10,
    heapMeanMb: Math.round(heap.mean),
    heapSlopeMbPerMinute: Math.round(heap.perMinute * 100) / 100,
    heapGrowthMb: Math.round(((heap.perMinute * windowS) / 60) * 10) / 10,
    rssMaxMb: Math.round(Math.max(...samples.map((s) => s.rssMb))),
    // The heap saws up and down with garbage collection; its floor (the lowest sample) in each
    // half of the window is what a leak would lift.
    heapFloorMb: halves(measured).map((half) => Math.round(Math.min(...half.map((s) => s.heapMb)))),
  };
}

function halves<T>(values: readonly T[]): [T[], T[]] {
  const middle = Math.ceil(values.length / 2);
  return [values.slice(0, middle), values.slice(middle)];
}

function roundSample(sample: { atS: number; rssMb: number; heapMb: number }) {
  return {
    atS: Math.round(sample.atS),
    rssMb: Math.round(sample.rssMb),
    heapMb: Math.round(sample.heapMb),
  };
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/** Reproducible, uniform picks among `count` choices, from a seed. */
function seededPicker(seed: number, count: number): () => number {
  const random = seededRandom(seed);
  return () => Math.floor(random() * count);
}
