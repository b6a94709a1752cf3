import { FLOAT_DIGITS } from '../support/expect-metrics';
import { ExpectedReports } from '../support/expected';
import { usdToNumber } from '../support/usd';
import { startHttpRig, type HttpRig } from './http-rig';
import { recordReliability } from './record';

const NOW = '2026-11-28T13:00:00Z';
const DAY = '2026-11-25';
const POPULATION = { users: 2_000, seed: 8 };
const CALLERS = 200;
/** The file stays not ready this long, so every request arrives while the pull runs. */
const READY_AFTER_MS = 1_500;

const QUERY = `query Day($range: DateRange!) {
  revenue(range: $range) {
    totals { revenue impressions clicks conversions }
    unattributedRevenue
    coverage { loaded pending unavailable complete }
  }
  topUsers(range: $range, first: 5) { totalCount edges { node { id } metrics { revenue } } }
}`;

describe('single flight under load', () => {
  let rig: HttpRig;
  beforeAll(async () => {
    rig = await startHttpRig({
      now: NOW,
      simulator: { ...POPULATION, readyAfterMs: READY_AFTER_MS },
    });
  });
  afterAll(() => rig.close());

  it(`makes one vendor report request for ${CALLERS} concurrent HTTP requests of a missing day, and gives all the same correct answer`, async () => {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: CALLERS }, () => rig.graphql(QUERY, { range: { from: DAY, to: DAY } })),
    );
    const wallMs = performance.now() - started;

    const counters = rig.simulator.counters.forDay(DAY);
    expect(counters.reportRequests).toBe(1);
    expect(counters.downloadsCompleted).toBe(1);
    expect(answers.map((answer) => answer.status)).toEqual(Array(CALLERS).fill(200));
    const first = answers[0].text;
    expect(answers.filter((answer) => answer.text !== first)).toEqual([]);

    // The answer, from the simulator's file.
    const expected = ExpectedReports.simulate(POPULATION, [DAY]);
    const rows = expected.rows();
    const { data, errors } = answers[0].body;
    expect(errors).toBeUndefined();
    const { totals, unattributedRevenue, coverage } = data.revenue;
    expect(coverage).toEqual({ loaded: [DAY], pending: [], unavailable: [], complete: true });
    expect(totals.revenue).toBeCloseTo(usdToNumber(expected.fileTotal(DAY)), FLOAT_DIGITS);
    expect(totals.impressions).toBe(rows.reduce((sum, row) => sum + row.impressions, 0));
    expect(totals.clicks).toBe(rows.reduce((sum, row) => sum + row.clicks, 0));
    expect(totals.conversions).toBe(rows.reduce((sum, row) => sum + row.conversions, 0));
    const masked = rows.filter((row) => row.masked).reduce((sum, row) => sum + row.revenue, 0n);
    expect(unattributedRevenue).toBeCloseTo(usdToNumber(masked), FLOAT_DIGITS);
    const ranking = expected.ranking([DAY], 'REVENUE');
    expect(data.topUsers.totalCount).toBe(ranking.length);
    expect(data.topUsers.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(
      ranking.slice(0, 5).map((user) => user.userId),
    );

    // Every request really waited on the one pull: none was answered before the file was ready.
    const latencies = answers.map((answer) => answer.ms).sort((a, b) => a - b);
    expect(latencies.filter((ms) => ms < READY_AFTER_MS / 2)).toEqual([]);
    recordReliability('single-flight', {
      requests: CALLERS,
      reportRequests: counters.reportRequests,
      wallMs: Math.round(wallMs),
      latencyMs: {
        min: Math.round(latencies[0]),
        p50: Math.round(latencies[Math.floor(CALLERS / 2)]),
        max: Math.round(latencies[CALLERS - 1]),
      },
    });
  });
});
