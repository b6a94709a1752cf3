import {
  CohortCurvesDocument,
  ConcentrationDocument,
  PullDaysDocument,
  RevenueByCountryDocument,
  TopPayersDocument,
  UserLtvDocument,
} from '../generated/operations';
import { startHarness, type GatewayHarness } from '../support/gateway-harness';

/** The README's example operations run as written, and their answers hang together. */
describe('README examples', () => {
  const range = { from: '2026-11-12', to: '2026-11-18' };
  let harness: GatewayHarness;
  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-20T13:00:00Z', simulator: { users: 600 } });
  });
  afterAll(() => harness.close());

  it('PullDays stores every day of the range', async () => {
    const data = await harness.run(PullDaysDocument, { range });

    expect(data.syncDays.map((day) => day.state)).toEqual(Array(7).fill('LOADED'));
  });

  it('TopPayers pages iOS users by revenue, highest first, without repeats', async () => {
    const first = await harness.run(TopPayersDocument, { range });
    const second = await harness.run(TopPayersDocument, {
      range,
      after: first.topUsers.pageInfo.endCursor,
    });
    const revenues = [...first.topUsers.edges, ...second.topUsers.edges].map(
      (edge) => edge.metrics.revenue,
    );

    expect(first.topUsers.coverage.complete).toBe(true);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    const ids = [...first.topUsers.edges, ...second.topUsers.edges].map((edge) => edge.node.id);
    expect(new Set(ids).size).toBe(10);
  });

  it('UserLtv answers for the top payer, with LTV growing with age', async () => {
    const top = await harness.run(TopPayersDocument, { range });
    const id = top.topUsers.edges[0].node.id;

    const { user } = await harness.run(UserLtvDocument, { id, range });

    expect(user?.id).toBe(id);
    const known = (user?.ltv ?? []).flatMap((point) =>
      point.revenue === null ? [] : [point.revenue],
    );
    expect(known).toEqual([...known].sort((a, b) => a - b));
  });

  it('RevenueByCountry reconciles: rows plus unattributed revenue make the totals', async () => {
    const { revenue } = await harness.run(RevenueByCountryDocument, { range });
    const rows = revenue.rows.reduce((sum, row) => sum + row.metrics.revenue, 0);

    expect(rows + revenue.unattributedRevenue).toBeCloseTo(revenue.totals.revenue, 9);
  });

  it('CohortCurves and Concentration answer over the same days', async () => {
    const { cohorts } = await harness.run(CohortCurvesDocument, { firstSeen: range });
    const { revenueDistribution } = await harness.run(ConcentrationDocument, { range });

    expect(cohorts.map((cohort) => cohort.firstSeen)).toEqual([
      '2026-11-12',
      '2026-11-13',
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
    ]);
    const shares = revenueDistribution.topShares.map((share) => share.share);
    expect(shares[0]).toBeLessThan(shares[1]);
  });
});
