import fc from 'fast-check';

import { APPS, COUNTRIES } from '../../src/simulator';
import { plusDays } from '../support/days';

/**
 * Values a hostile or careless client sends, as fast-check arbitraries. Each argument mixes
 * plausible values with hostile ones. Plausible values dominate (PLAUSIBLE to 1 against each
 * hostile kind), so that with several arguments per request about half the requests still reach
 * the resolvers and the SQL with odd but valid values, while the rest test validation and
 * coercion.
 */

/** Weight of the plausible choice against each hostile one. */
const PLAUSIBLE = 12;

/**
 * Appended or prepended to some strings. It never occurs in the gateway's own SQL, so finding it
 * in a statement's text proves that input was spliced into SQL.
 */
export const SQL_MARKER = 'ǂinjǂ';

/** Classic injection and quoting fragments. */
const SQL_FRAGMENTS = [
  "' OR '1'='1",
  "'; DROP TABLE user_day; --",
  '"; DELETE FROM loaded_day; --',
  '1) UNION SELECT * FROM sync_job --',
  "') OR 1=1 --",
  '$1',
  '$filterAppIds',
  '%',
  '_',
  '\\',
  "''",
  '"',
  '`',
  '/*',
  '*/ SELECT 1 /*',
  "E'\\x00'",
  'NULL',
  "read_csv('/etc/passwd')",
  "COPY user_day TO '/tmp/x.csv'",
  'aggregated masked user level revenue',
];

/** Unicode and byte-level oddities. */
const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uFEFF',
  '\u200B\u200D',
  '\u202Eevil',
  'e\u0301',
  'ſ',
  'İ',
  'ß',
  '𝕌𝕊',
  '👩‍👩‍👧‍👦',
  '\n\r\t',
  'x'.repeat(5_000),
  '('.repeat(500),
];

/** Any text: random strings of every kind, fragments, oddities, some carrying the marker. */
export function hostileString(): fc.Arbitrary<string> {
  const base = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...SQL_FRAGMENTS),
    fc.constantFrom(...ODD_TEXT),
  );
  return fc.oneof(
    base,
    base.map((text) => `${text}${SQL_MARKER}`),
    base.map((text) => `${SQL_MARKER}${text}`),
  );
}

/** Whole numbers at and past every boundary: negative, zero, 32-bit and 53-bit edges, fractions. */
export function hostileCount(plausible: fc.Arbitrary<number>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: PLAUSIBLE, arbitrary: plausible },
    fc.integer(),
    fc.constantFrom(0, -1, -0, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e308),
    fc.constantFrom(0.5, -0.5, 1.5, 1e-7, 5e-324),
    fc.double(),
    anyJson(),
  );
}

/** Amounts in USD: ordinary, huge, tiny, negative, beyond DECIMAL(38,18). */
export function hostileAmount(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: PLAUSIBLE, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) },
    fc.constantFrom(0, -0, -1, 0.1, 1e-19, 5e-324, 1e15, 1e19, 1e20, 1e21),
    fc.constantFrom(1e38, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE),
    fc.double(),
    anyJson(),
  );
}

/** Days: loaded ones, nearby ones, far past and far future, impossible and malformed ones. */
export function hostileDay(loaded: readonly string[], today: string): fc.Arbitrary<unknown> {
  const near = fc.integer({ min: -40, max: 40 }).map((offset) => plusDays(today, offset));
  const anyRealDay = fc
    .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') })
    .filter((date) => !Number.isNaN(date.getTime()))
    .map((date) => date.toISOString().slice(0, 10));
  return fc.oneof(
    { weight: PLAUSIBLE * 2, arbitrary: fc.constantFrom(...loaded) },
    { weight: PLAUSIBLE, arbitrary: near },
    fc.constantFrom('1000-01-01', '1969-12-31', '1970-01-01', '2000-02-29', '9999-12-31'),
    anyRealDay,
    fc.constantFrom('0001-01-01', '0999-12-31', '2026-02-30', '2100-02-29', '2026-13-01'),
    fc.constantFrom('2026-1-5', ' 2026-11-20', '2026-11-20T00:00:00Z', '+275760-09-13', '20261120'),
    hostileString(),
    anyJson(),
  );
}

/** A DateRange, mostly well-formed, sometimes misshapen. */
export function hostileRange(loaded: readonly string[], today: string): fc.Arbitrary<unknown> {
  const day = hostileDay(loaded, today);
  const ordered = fc
    .record({ from: day, to: day })
    .map(({ from, to }) =>
      typeof from === 'string' && typeof to === 'string' && to < from
        ? { from: to, to: from }
        : { from, to },
    );
  // Ranges at the ends of the calendar the Date scalar accepts.
  const edges = fc.constantFrom(
    { from: '9999-12-01', to: '9999-12-31' },
    { from: '9999-12-31', to: '9999-12-31' },
    { from: '1000-01-01', to: '1000-01-31' },
    { from: '9998-12-01', to: '9999-12-31' },
  );
  return fc.oneof(
    { weight: PLAUSIBLE, arbitrary: ordered },
    edges,
    fc.record({ from: day, to: day }),
    fc.record({ from: day }),
    fc.record({ from: day, to: day, extra: anyJson() }),
    deeplyNested(),
    anyJson(),
  );
}

/**
 * A UserFilter. Mostly one whose every field is plausible, odd values included (edge amounts,
 * far days, lowercase codes, unicode app ids); otherwise one whose fields may be anything.
 */
export function hostileFilter(loaded: readonly string[], today: string): fc.Arbitrary<unknown> {
  const codes = COUNTRIES.map((country) => country.code);
  const appId = fc.oneof(
    { weight: PLAUSIBLE, arbitrary: fc.constantFrom(...APPS.map((app) => app.appId)) },
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  );
  const deviceOs = fc.constantFrom('android', 'ios', 'IOS', 'Android', 'windows');
  const country = fc.constantFrom(...codes, ...codes.map((code) => code.toLowerCase()), 'ZZ');
  const amount = fc.oneof(
    { weight: PLAUSIBLE, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) },
    fc.constantFrom(0, 1e-19, 5e-324, 1e15, 1e19),
  );
  const day = fc.oneof(
    { weight: PLAUSIBLE, arbitrary: fc.constantFrom(...loaded) },
    fc.constantFrom('1000-01-01', '9999-12-31', today),
  );
  const plausible = fc.record(
    {
      appIds: fc.array(appId, { maxLength: 3 }),
      deviceOs: fc.array(deviceOs, { maxLength: 2 }),
      countries: fc.array(country, { maxLength: 4 }),
      minRevenue: amount,
      maxRevenue: amount,
      minImpressions: fc.integer({ min: 0, max: 100 }),
      lastSeenBefore: day,
      lastSeenOnOrAfter: day,
    },
    { requiredKeys: [] },
  );

  const list = (item: fc.Arbitrary<string>) =>
    fc.oneof(
      fc.array(item, { maxLength: 4 }),
      fc.array(hostileString(), { maxLength: 4 }),
      fc.array(fc.constant('x'), { minLength: 501, maxLength: 510 }),
      anyJson(),
    );
  const hostile = fc.record(
    {
      appIds: list(appId),
      deviceOs: list(deviceOs),
      countries: list(country),
      minRevenue: hostileAmount(),
      maxRevenue: hostileAmount(),
      minImpressions: hostileCount(fc.integer({ min: 0, max: 200 })),
      lastSeenBefore: hostileDay(loaded, today),
      lastSeenOnOrAfter: hostileDay(loaded, today),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: PLAUSIBLE, arbitrary: plausible },
    { weight: PLAUSIBLE / 2, arbitrary: hostile },
    fc.constant(null),
    deeplyNested(),
    anyJson(),
  );
}

/** One of `values` (an enum's names), or something else. */
export function hostileEnum(values: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: PLAUSIBLE, arbitrary: fc.constantFrom(...values) },
    fc.constantFrom(...values.map((value) => value.toLowerCase())),
    hostileString(),
    anyJson(),
  );
}

/** A list of numbers: plausible ones, out-of-range ones, too many, or not numbers at all. */
export function hostileNumberList(plausible: fc.Arbitrary<number>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: PLAUSIBLE, arbitrary: fc.array(plausible, { maxLength: 6 }) },
    fc.array(hostileCount(plausible), { maxLength: 6 }),
    fc.array(plausible, { minLength: 101, maxLength: 120 }),
    deeplyNested(),
    anyJson(),
  );
}

/** Mostly nothing (the argument left out), sometimes a value from `arbitrary`. */
export function seldom(arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, arbitrary);
}

/** Any JSON value: what a client that ignores the schema sends. */
export function anyJson(): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: 3 });
}

/** Arrays or objects nested hundreds deep. */
export function deeplyNested(): fc.Arbitrary<unknown> {
  return fc.tuple(fc.integer({ min: 50, max: 800 }), fc.boolean()).map(([depth, asArray]) => {
    let value: unknown = 'core';
    for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { a: value };
    return value;
  });
}

/**
 * Every string value inside a JSON value, however deep (iteratively, for deeply nested values).
 * Object keys are left out: they name variables and fields, which SQL may rightly mention.
 */
export function stringsIn(value: unknown): string[] {
  const found: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') found.push(next);
    else if (Array.isArray(next)) pending.push(...next);
    else if (next !== null && typeof next === 'object') {
      pending.push(...Object.values(next));
    }
  }
  return found;
}
