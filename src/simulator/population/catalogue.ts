import { csvField } from '../csv/columns';

/**
 * The publisher the simulator pretends to be: a few apps on both platforms and the countries
 * its players come from, each with its own ad price. Numbers are plausible, not measured.
 */

/** Device platforms, written lowercase as the vendor does. */
export type DeviceOs = 'android' | 'ios';

/** One app as the vendor lists it; the same title has a different App ID per platform. */
export interface SimulatedApp {
  appId: string;
  appName: string;
  /** The name as a CSV field, quoted when it needs to be. */
  appNameField: string;
  os: DeviceOs;
  /** Relative share of the platform's players whose main app this is. */
  weight: number;
  /** Multiplies the country's eCPM (placement mix: rewarded video pays more than banners). */
  priceFactor: number;
}

/** One country: ISO 3166 alpha-2 code, share of players, eCPM in USD, share of iOS devices. */
export interface SimulatedCountry {
  code: string;
  weight: number;
  ecpmUsd: number;
  iosShare: number;
}

/** The simulated apps. One name holds a comma so that CSV quoting is exercised. */
export const APPS: readonly SimulatedApp[] = (
  [
    { appId: '104512', appName: 'Word Garden', os: 'android', weight: 5, priceFactor: 1 },
    { appId: '104513', appName: 'Word Garden', os: 'ios', weight: 5, priceFactor: 1.1 },
    { appId: '118870', appName: 'Tile Match Tales', os: 'android', weight: 3, priceFactor: 1.3 },
    { appId: '118871', appName: 'Tile Match Tales', os: 'ios', weight: 3, priceFactor: 1.4 },
    { appId: '125006', appName: 'Idle Farm Tycoon', os: 'android', weight: 2, priceFactor: 0.8 },
    {
      appId: '131422',
      appName: 'Solitaire Journey, Classic',
      os: 'ios',
      weight: 2,
      priceFactor: 0.9,
    },
  ] as const
).map((app) => ({ ...app, appNameField: csvField(app.appName) }));

/** The simulated countries, their shares summing to 1. */
export const COUNTRIES: readonly SimulatedCountry[] = [
  { code: 'US', weight: 0.3, ecpmUsd: 14, iosShare: 0.55 },
  { code: 'GB', weight: 0.07, ecpmUsd: 10, iosShare: 0.5 },
  { code: 'DE', weight: 0.07, ecpmUsd: 9, iosShare: 0.35 },
  { code: 'CA', weight: 0.04, ecpmUsd: 11, iosShare: 0.5 },
  { code: 'AU', weight: 0.03, ecpmUsd: 11, iosShare: 0.55 },
  { code: 'JP', weight: 0.05, ecpmUsd: 12, iosShare: 0.65 },
  { code: 'FR', weight: 0.05, ecpmUsd: 7, iosShare: 0.35 },
  { code: 'KR', weight: 0.03, ecpmUsd: 8, iosShare: 0.3 },
  { code: 'BR', weight: 0.1, ecpmUsd: 2.2, iosShare: 0.1 },
  { code: 'MX', weight: 0.06, ecpmUsd: 2.5, iosShare: 0.15 },
  { code: 'IN', weight: 0.1, ecpmUsd: 0.8, iosShare: 0.05 },
  { code: 'ID', weight: 0.05, ecpmUsd: 1, iosShare: 0.08 },
  { code: 'TR', weight: 0.03, ecpmUsd: 1.5, iosShare: 0.15 },
  { code: 'PH', weight: 0.02, ecpmUsd: 1.2, iosShare: 0.1 },
];

/**
 * Picks from a fixed list with probability proportional to each weight. The cumulative weights
 * are computed once, so a pick costs a short scan and no allocation.
 */
export class WeightedChoice<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weightOf: (item: T) => number,
  ) {
    let total = 0;
    for (const item of items) {
      total += weightOf(item);
      this.cumulative.push(total);
    }
    this.total = total;
  }

  /** The item whose share of the total covers `u`, a uniform draw in [0, 1). */
  pick(u: number): T {
    const target = u * this.total;
    for (let i = 0; i < this.cumulative.length - 1; i += 1) {
      if (target < this.cumulative[i]) return this.items[i];
    }
    return this.items[this.items.length - 1];
  }
}
