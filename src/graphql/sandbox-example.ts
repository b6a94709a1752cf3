import { addDays, dayOf } from '../availability/day';

/**
 * The operation Apollo Sandbox opens with: the main questions in one document, over the last
 * week, so a newcomer sees real answers with one click.
 */
export const SANDBOX_EXAMPLE = {
  document: `# The main questions ltv-gateway answers. Run one operation at a time.
query TopUsers($range: DateRange!) {
  topUsers(range: $range, first: 10) {
    totalCount
    edges { node { id firstSeen ltv(days: [0, 1, 3, 7]) { day revenue } } metrics { revenue impressions } }
    coverage { loaded pending unavailable complete }
  }
}

query RevenueByDay($range: DateRange!) {
  revenue(range: $range, groupBy: [DATE]) {
    rows { date users metrics { revenue ecpm } arpu }
    totals { revenue }
    unattributedRevenue
    arpdau
  }
}

query Cohorts($range: DateRange!) {
  cohorts(firstSeen: $range, days: [0, 1, 3, 7]) {
    firstSeen users ltv { day users averageRevenue }
  }
}
`,
  get variables() {
    const yesterday = addDays(dayOf(new Date()), -1);
    return { range: { from: addDays(yesterday, -6), to: yesterday } };
  },
};
