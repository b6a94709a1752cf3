import { APPS, COUNTRIES, type DeviceOs, type SimulatedApp, WeightedChoice } from './catalogue';
import { Draws, hash32, hashPair, seedHash } from './hash';
import { formatAdvertisingId, formatUserId, identityNumber } from './identity';

/**
 * The synthetic population. `users` slots each host one user after another: a slot's cycle
 * length (45-180 days) and phase come from the seed, so on any date some slots start a new
 * lifecycle (a fresh install with new ids) and the daily volume stays steady. Within a
 * lifecycle the user installs on day 0 (always active), returns with a probability that decays
 * with age towards a floor set by their engagement, and churns at the end of their lifetime
 * (within a week for 15 %, within a few weeks for 20 %, the rest stay until the slot recycles).
 */

/** What the population depends on; the same values give the same users on every run. */
export interface PopulationOptions {
  users: number;
  seed: number | string;
}

/** One user's activity in one app on one day; revenue in USD. */
export interface UserDay {
  app: SimulatedApp;
  /** Publisher user id; '' for players who never signed in (the advertising id is then set). */
  userId: string;
  /** GAID or IDFA; '' when the device limits ad tracking (the user id is then set). */
  advertisingId: string;
  os: DeviceOs;
  country: string;
  revenueUsd: number;
  impressions: number;
  clicks: number;
  conversions: number;
}

const MIN_CYCLE_DAYS = 45;
const CYCLE_SPREAD_DAYS = 136;
const RETURN_FLOOR = 0.65;
const RETURN_DECAY_DAYS = 10;
const SECOND_APP_SHARE = 0.12;
const MAX_VALUE = 300;

const countryChoice = new WeightedChoice(COUNTRIES, (country) => country.weight);
const appChoice = {
  android: new WeightedChoice(
    APPS.filter((app) => app.os === 'android'),
    (app) => app.weight,
  ),
  ios: new WeightedChoice(
    APPS.filter((app) => app.os === 'ios'),
    (app) => app.weight,
  ),
};
// The publisher's other titles on the same platform, for players of two apps.
const otherApps = new Map(
  APPS.map((app) => [
    app,
    APPS.filter((other) => other.os === app.os && other.appName !== app.appName),
  ]),
);
const returnChance = Array.from(
  { length: MIN_CYCLE_DAYS + CYCLE_SPREAD_DAYS },
  (_, age) => RETURN_FLOOR + (1 - RETURN_FLOOR) * Math.exp(-age / RETURN_DECAY_DAYS),
);

/**
 * Walks the rows of the day numbered `dayNumber` (days since 1970-01-01), slot by slot: each
 * `next()` fills `row` with the next user-app row and returns false after the last. The row
 * object is reused, which keeps a million-row day free of per-row allocations; copy what must
 * outlive the next call. Pure: the rows depend only on the options and the day.
 */
export class UserDayCursor {
  /** The current row; valid until the next call of `next()`. */
  readonly row: UserDay = {
    app: APPS[0],
    userId: '',
    advertisingId: '',
    os: 'android',
    country: '',
    revenueUsd: 0,
    impressions: 0,
    clicks: 0,
    conversions: 0,
  };
  private readonly seed: number;
  private readonly traits = new Draws();
  private readonly daily = new Draws();
  private slot = -1;
  // The current user's traits, kept for a second row in another app.
  private dayHash = 0;
  private value = 0;
  private clickRate = 0;
  private conversionRate = 0;
  private payoutUsd = 0;
  private ecpmUsd = 0;
  /** Set when the current user also played this app today: the next row is theirs there. */
  private secondApp: SimulatedApp | undefined;

  constructor(
    private readonly options: PopulationOptions,
    private readonly dayNumber: number,
  ) {
    this.seed = seedHash(options.seed);
  }

  /** Moves to the next row; false once the day has no more. */
  next(): boolean {
    if (this.secondApp !== undefined) {
      this.fillActivity(this.secondApp, 2, 0.5);
      this.secondApp = undefined;
      return true;
    }
    while (++this.slot < this.options.users) {
      if (this.visitSlot(this.slot)) return true;
    }
    return false;
  }

  /** Fills the row of `slot`'s user when active today; false when the slot has no row. */
  private visitSlot(slot: number): boolean {
    // 1. Which lifecycle occupies the slot today, and how old it is.
    const slotHash = hashPair(this.seed, slot);
    const cycleDays = MIN_CYCLE_DAYS + (slotHash % CYCLE_SPREAD_DAYS);
    const sinceStart = this.dayNumber + (hash32(slotHash) % cycleDays);
    const lifecycle = Math.floor(sinceStart / cycleDays);
    const age = sinceStart - lifecycle * cycleDays;
    const lifeHash = hashPair(slotHash, lifecycle);

    // 2. Churned, or not back today?
    if (age >= lifetimeDays(lifeHash, cycleDays)) return false;
    const dayHash = hashPair(lifeHash, age);
    const engagement = 0.5 + 0.5 * ((hash32(lifeHash) & 0xffff) / 0x10000);
    if (age > 0 && dayHash / 4294967296 >= engagement * returnChance[age]) return false;

    // 3. Who the user is: fixed for the whole lifecycle.
    const traits = this.traits.reseed(lifeHash);
    const row = this.row;
    const country = countryChoice.pick(traits.next());
    row.country = country.code;
    row.os = traits.next() < country.iosShare ? 'ios' : 'android';
    const app = appChoice[row.os].pick(traits.next());
    const otherTitles = traits.next() < SECOND_APP_SHARE ? otherApps.get(app) : undefined;
    const secondPick = traits.next();
    // Pareto (alpha 1.3): most users see a few ads a day, a few see hundreds.
    this.value = Math.min(MAX_VALUE, (1 - traits.next()) ** (-1 / 1.3));
    this.clickRate = 0.005 + 0.03 * traits.next();
    this.conversionRate = traits.next() < 0.25 ? 0.02 + 0.13 * traits.next() : 0;
    this.payoutUsd = (country.ecpmUsd / 10) * (0.5 + 1.5 * traits.next());
    this.ecpmUsd = country.ecpmUsd;
    const hasAdvertisingId = traits.next() >= (row.os === 'ios' ? 0.3 : 0.03);
    const hasUserId = !hasAdvertisingId || traits.next() >= 0.06;
    row.userId = hasUserId ? formatUserId(identityNumber(slot, lifecycle, this.seed)) : '';
    row.advertisingId = hasAdvertisingId
      ? formatAdvertisingId(
          identityNumber(slot, lifecycle, ~this.seed),
          hash32(lifeHash ^ 0x5bd1e995),
          hash32(~lifeHash),
          row.os === 'ios',
        )
      : '';

    // 4. What the user did today: the main app, and on half of their days a second one.
    this.dayHash = dayHash;
    this.fillActivity(app, 1, 1);
    if (otherTitles?.length && this.daily.reseed(dayHash).next() < 0.5) {
      this.secondApp = otherTitles[Math.floor(secondPick * otherTitles.length)];
    }
    return true;
  }

  private fillActivity(app: SimulatedApp, stream: number, share: number): void {
    const daily = this.daily.reseed(hashPair(this.dayHash, stream));
    const row = this.row;
    row.app = app;
    row.impressions = Math.max(1, Math.round(3 * this.value * share * (0.3 + 1.4 * daily.next())));
    row.clicks = daily.roundStochastic(row.impressions * this.clickRate);
    row.conversions = daily.roundStochastic(row.clicks * this.conversionRate);
    const ecpmUsd = this.ecpmUsd * app.priceFactor * (0.6 + 0.8 * daily.next());
    row.revenueUsd = (row.impressions * ecpmUsd) / 1000 + row.conversions * this.payoutUsd;
  }
}

/** Days a lifecycle's user keeps playing before churning: short, medium, or the whole cycle. */
function lifetimeDays(lifeHash: number, cycleDays: number): number {
  const kind = (lifeHash & 0xffff) / 0x10000;
  const spread = lifeHash >>> 16;
  if (kind < 0.15) return 1 + (spread % 7);
  if (kind < 0.35) return 8 + (spread % Math.floor(cycleDays / 2));
  return cycleDays;
}
