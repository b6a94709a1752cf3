/** The GraphQL operations the benchmark sends, as a frontend or the router would. */

export const TOP_USERS = `query TopUsers($range: DateRange!) {
  topUsers(range: $range, first: 100, orderBy: REVENUE) {
    totalCount
    edges { node { id } metrics { revenue impressions clicks conversions } }
  }
}`;

export const USER_PAGE = `query UserPage($id: ID!, $range: DateRange!) {
  user(id: $id) {
    id
    totals { revenue impressions clicks conversions }
    ltv(days: [0, 1, 3, 7]) { day revenue }
    daily(range: $range) { date metrics { revenue impressions } }
  }
}`;

export const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on User { id totals { revenue impressions clicks conversions } }
  }
}`;

export const REVENUE = `query Revenue($range: DateRange!) {
  revenue(range: $range, groupBy: [DATE, COUNTRY]) {
    rows { date country users metrics { revenue impressions clicks conversions } }
    totals { revenue impressions }
    unattributedRevenue
    arpdau
  }
}`;

export const COHORTS = `query Cohorts($firstSeen: DateRange!) {
  cohorts(firstSeen: $firstSeen, days: [0, 1, 3, 7]) {
    firstSeen
    users
    ltv { day averageRevenue }
  }
}`;

/** A small query answered from memory, for the throughput case. */
export const COVERAGE =
  '{ coverage(range: { from: "2026-01-01", to: "2026-01-12" }) { complete } }';
