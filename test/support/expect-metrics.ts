import type { Totals } from './expected';
import { usdToNumber } from './usd';

/** The GraphQL selection of every `Metrics` field, for documents that compare them all. */
export const METRICS_FIELDS = 'revenue impressions clicks conversions ecpm ctr conversionRate';

/** A `Metrics` value as the API answers it. */
export interface MetricsAnswer {
  revenue: number;
  impressions: number;
  clicks: number;
  conversions: number;
  ecpm: number | null;
  ctr: number | null;
  conversionRate: number | null;
}

/** Binary floats agree with exact sums to this many decimal digits (toBeCloseTo). */
export const FLOAT_DIGITS = 9;

/**
 * Checks every field of an answered `Metrics` against exact totals: counts exactly, revenue and
 * the derived rates to FLOAT_DIGITS digits, and the rates null exactly where the contract says
 * (no impressions, no clicks).
 */
export function expectMetrics(actual: MetricsAnswer, expected: Totals): void {
  const revenue = usdToNumber(expected.revenue);
  expect(actual.impressions).toBe(expected.impressions);
  expect(actual.clicks).toBe(expected.clicks);
  expect(actual.conversions).toBe(expected.conversions);
  expect(actual.revenue).toBeCloseTo(revenue, FLOAT_DIGITS);
  expectRate(actual.ecpm, (revenue * 1000) / expected.impressions, expected.impressions);
  expectRate(actual.ctr, expected.clicks / expected.impressions, expected.impressions);
  expectRate(actual.conversionRate, expected.conversions / expected.clicks, expected.clicks);
}

function expectRate(actual: number | null, expected: number, denominator: number): void {
  if (denominator === 0) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, FLOAT_DIGITS);
}
