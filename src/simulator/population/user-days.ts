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
const returnChance = Array.from(
  { length: MIN_CYCLE_DAYS + CYCLE_SPREAD_DAYS },
  (_, age) => RETURN_FLOOR + (1 - RETURN_FLOOR) * Math.exp(-age / RETURN_DECAY_DAYS),
);

/**
 * Yields every user-app row of the day numbered `dayNumber` (days since 1970-01-01), slot by
 * slot. Pure: depends only on the options and the day.
 */
export function* userDays(options: PopulationOptions, dayNumber: number): Generator<UserDay> {
  const seed = seedHash(options.seed);
  const traits = new Draws();
  const daily = new Draws();

  for (let slot = 0; slot < options.users; slot += 1) {
    // 1. Which lifecycle occupies the slot today, and how old it is.
    const slotHash = hashPair(seed, slot);
    const cycleDays = MIN_CYCLE_DAYS + (slotHash % CYCLE_SPREAD_DAYS);
    const sinceStart = dayNumber + (hash32(slotHash) % cycleDays);
    const lifecycle = Math.floor(sinceStart / cycleDays);
    const age = sinceStart - lifecycle * cycleDays;
    const lifeHash = hashPair(slotHash, lifecycle);

    // 2. Churned, or not back today?
    if (age >= lifetimeDays(lifeHash, cycleDays)) continue;
    const dayHash = hashPair(lifeHash, age);
    const engagement = 0.5 + 0.5 * ((hash32(lifeHash) & 0xffff) / 0x10000);
    if (age > 0 && dayHash / 4294967296 >= engagement * returnChance[age]) continue;

    // 3. Who the user is: fixed for the whole lifecycle.
    traits.reseed(lifeHash);
    const country = countryChoice.pick(traits.next());
    const os: DeviceOs = traits.next() < country.iosShare ? 'ios' : 'android';
    const app = appChoice[os].pick(traits.next());
    const secondApp = traits.next() < SECOND_APP_SHARE ? otherApp(app, traits.next()) : undefined;
    const value = Math.min(MAX_VALUE, (1 - traits.next()) ** (-1 / 1.3));
    const clickRate = 0.005 + 0.03 * traits.next();
    const conversionRate = traits.next() < 0.25 ? 0.02 + 0.13 * traits.next() : 0;
    const payoutUsd = (country.ecpmUsd / 10) * (0.5 + 1.5 * traits.next());
    const hasAdvertisingId = traits.next() >= (os === 'ios' ? 0.3 : 0.03);
    const hasUserId = !hasAdvertisingId || traits.next() >= 0.06;
    const identity = identityNumber(slot, lifecycle, seed);
    const userId = hasUserId ? formatUserId(identity) : '';
    const advertisingId = hasAdvertisingId
      ? formatAdvertisingId(
          identityNumber(slot, lifecycle, ~seed),
          hash32(lifeHash ^ 0x5bd1e995),
          hash32(~lifeHash),
          os === 'ios',
        )
      : '';

    // 4. What the user did today, per app.
    const apps =
      secondApp !== undefined && daily.reseed(dayHash).next() < 0.5 ? [app, secondApp] : [app];
    for (let i = 0; i < apps.length; i += 1) {
      daily.reseed(hashPair(dayHash, i + 1));
      const impressions = Math.max(
        1,
        Math.round(3 * value * (0.3 + 1.4 * daily.next()) * (i === 0 ? 1 : 0.5)),
      );
      const clicks = daily.roundStochastic(impressions * clickRate);
      const conversions = daily.roundStochastic(clicks * conversionRate);
      const ecpmUsd = country.ecpmUsd * apps[i].priceFactor * (0.6 + 0.8 * daily.next());
      const revenueUsd = (impressions * ecpmUsd) / 1000 + conversions * payoutUsd;
      yield {
        app: apps[i],
        userId,
        advertisingId,
        os,
        country: country.code,
        revenueUsd,
        impressions,
        clicks,
        conversions,
      };
    }
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

/** Another title on the same platform, for the players who play two of the publisher's apps. */
function otherApp(app: SimulatedApp, u: number): SimulatedApp | undefined {
  const others = APPS.filter(
    (candidate) => candidate.os === app.os && candidate.appName !== app.appName,
  );
  return others.length === 0 ? undefined : others[Math.floor(u * others.length)];
}
