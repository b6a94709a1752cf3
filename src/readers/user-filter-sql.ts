import type { UserFilter } from '../graphql/common/user-filter.input';
import { allowedAppsSql, type AllowedApps } from './allowed-apps-sql';

/**
 * SQL conditions for a `UserFilter`, built only from fixed fragments with named placeholders:
 * no filter value is ever spliced into the text. `rows` conditions apply to user-day rows
 * (WHERE); `users` conditions apply to a user's totals over the range (HAVING, over a grouping
 * by user_id with the aggregate names below).
 */
export interface FilterSql {
  readonly rows: string[];
  readonly users: string[];
  readonly params: Record<string, unknown>;
}

/**
 * Builds the conditions; an absent or empty filter gives none. `apps`, the caller's allow-list
 * (see allowed-apps-sql.ts), adds its row condition whatever the filter says.
 */
export function userFilterSql(filter: UserFilter | undefined, apps: AllowedApps): FilterSql {
  const allowed = allowedAppsSql(apps);
  const rows: string[] = [...allowed.rows];
  const users: string[] = [];
  const params: Record<string, unknown> = { ...allowed.params };
  if (!filter) return { rows, users, params };

  if (filter.appIds?.length) {
    rows.push('app_id IN (SELECT unnest($filterAppIds))');
    params.filterAppIds = filter.appIds;
  }
  if (filter.deviceOs?.length) {
    rows.push('lower(device_os) IN (SELECT unnest($filterDeviceOs))');
    params.filterDeviceOs = filter.deviceOs.map((os) => os.toLowerCase());
  }
  if (filter.countries?.length) {
    rows.push('upper(country) IN (SELECT unnest($filterCountries))');
    params.filterCountries = filter.countries.map((country) => country.toUpperCase());
  }
  if (filter.minRevenue != null) {
    users.push('sum(revenue) >= $filterMinRevenue::DECIMAL(38,18)');
    params.filterMinRevenue = String(filter.minRevenue);
  }
  if (filter.maxRevenue != null) {
    users.push('sum(revenue) <= $filterMaxRevenue::DECIMAL(38,18)');
    params.filterMaxRevenue = String(filter.maxRevenue);
  }
  if (filter.minImpressions != null) {
    users.push('sum(impressions) >= $filterMinImpressions::BIGINT');
    params.filterMinImpressions = filter.minImpressions;
  }
  if (filter.lastSeenBefore != null) {
    users.push('max(report_day) < $filterLastSeenBefore::DATE');
    params.filterLastSeenBefore = filter.lastSeenBefore;
  }
  if (filter.lastSeenOnOrAfter != null) {
    users.push('max(report_day) >= $filterLastSeenOnOrAfter::DATE');
    params.filterLastSeenOnOrAfter = filter.lastSeenOnOrAfter;
  }
  return { rows, users, params };
}

/** `AND a AND b`, or an empty string: to append to an existing WHERE. */
export function andAll(conditions: readonly string[]): string {
  return conditions.map((condition) => `AND ${condition}`).join(' ');
}

/** `HAVING a AND b`, or an empty string. */
export function havingAll(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `HAVING ${conditions.join(' AND ')}`;
}
