import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  HUGEINT,
  INTEGER,
  SQLNULL,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  LIST,
  TIMESTAMP,
  VARCHAR,
  arrayFromArrayValue,
  arrayFromListValue,
  booleanFromValue,
  createDuckDBValueConverter,
  listValue,
  numberFromValue,
  objectArrayFromMapValue,
  objectFromStructValue,
  stringFromValue,
  timestampValue,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/**
 * A value as readers receive it. The conversions are deliberate and live only here:
 * - BIGINT, HUGEINT and the unsigned integers become a JS number, and converting one beyond
 *   ±(2^53 - 1) throws instead of losing digits;
 * - DECIMAL becomes an exact string with the column's scale ('12.345600000000000000'); money stays
 *   exact until the GraphQL boundary converts it;
 * - DATE becomes 'YYYY-MM-DD'; TIMESTAMP (stored as UTC) becomes an ISO 8601 string with 'Z';
 * - LIST and ARRAY become arrays, STRUCT plain objects, MAP an array of { key, value }.
 */
export type StoreValue =
  string | number | boolean | null | StoreValue[] | { [key: string]: StoreValue };

/** What `all()` accepts as a parameter value; arrays bind as LIST, Date as TIMESTAMP (UTC). */
export type StoreParam = string | number | boolean | bigint | null | Date | readonly StoreParam[];

/** Named (`$day`) or positional (`$1`, `?`) parameters of one statement. */
export type StoreParams = Record<string, unknown> | readonly unknown[];

function safeNumber(value: DuckDBValue): number {
  const big = value as bigint;
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(
      `Integer ${big} is beyond JavaScript's safe range (±2^53 - 1); cast it to VARCHAR or DECIMAL in SQL.`,
    );
  }
  return Number(big);
}

function exactDecimal(value: DuckDBValue): string {
  return (value as DuckDBDecimalValue).toString();
}

function isoDay(value: DuckDBValue): string {
  return (value as DuckDBDateValue).toString();
}

type AnyTimestamp =
  | DuckDBTimestampValue
  | DuckDBTimestampTZValue
  | DuckDBTimestampSecondsValue
  | DuckDBTimestampMillisecondsValue
  | DuckDBTimestampNanosecondsValue;

function isoTimestamp(value: DuckDBValue): string {
  const stamp = value as AnyTimestamp;
  let millis: bigint;
  if (stamp instanceof DuckDBTimestampSecondsValue) millis = stamp.seconds * 1000n;
  else if (stamp instanceof DuckDBTimestampMillisecondsValue) millis = stamp.millis;
  else if (stamp instanceof DuckDBTimestampNanosecondsValue) millis = stamp.nanos / 1_000_000n;
  else millis = (stamp as DuckDBTimestampValue).micros / 1000n;
  return new Date(Number(millis)).toISOString();
}

function unsupported(_value: DuckDBValue, type: DuckDBType): never {
  throw new TypeError(
    `The store does not convert ${type.toString()} values; cast the column in SQL (e.g. to VARCHAR).`,
  );
}

const convertersByTypeId: Record<DuckDBTypeId, DuckDBValueConverter<StoreValue> | undefined> = {
  [DuckDBTypeId.INVALID]: unsupported,
  [DuckDBTypeId.BOOLEAN]: booleanFromValue,
  [DuckDBTypeId.TINYINT]: numberFromValue,
  [DuckDBTypeId.SMALLINT]: numberFromValue,
  [DuckDBTypeId.INTEGER]: numberFromValue,
  [DuckDBTypeId.BIGINT]: safeNumber,
  [DuckDBTypeId.UTINYINT]: numberFromValue,
  [DuckDBTypeId.USMALLINT]: numberFromValue,
  [DuckDBTypeId.UINTEGER]: numberFromValue,
  [DuckDBTypeId.UBIGINT]: safeNumber,
  [DuckDBTypeId.FLOAT]: numberFromValue,
  [DuckDBTypeId.DOUBLE]: numberFromValue,
  [DuckDBTypeId.TIMESTAMP]: isoTimestamp,
  [DuckDBTypeId.DATE]: isoDay,
  [DuckDBTypeId.TIME]: stringFromValue,
  [DuckDBTypeId.INTERVAL]: unsupported,
  [DuckDBTypeId.HUGEINT]: safeNumber,
  [DuckDBTypeId.UHUGEINT]: safeNumber,
  [DuckDBTypeId.VARCHAR]: stringFromValue,
  [DuckDBTypeId.BLOB]: unsupported,
  [DuckDBTypeId.DECIMAL]: exactDecimal,
  [DuckDBTypeId.TIMESTAMP_S]: isoTimestamp,
  [DuckDBTypeId.TIMESTAMP_MS]: isoTimestamp,
  [DuckDBTypeId.TIMESTAMP_NS]: isoTimestamp,
  [DuckDBTypeId.ENUM]: stringFromValue,
  [DuckDBTypeId.LIST]: arrayFromListValue,
  [DuckDBTypeId.STRUCT]: objectFromStructValue,
  [DuckDBTypeId.MAP]: objectArrayFromMapValue as DuckDBValueConverter<StoreValue>,
  [DuckDBTypeId.ARRAY]: arrayFromArrayValue,
  [DuckDBTypeId.UUID]: stringFromValue,
  [DuckDBTypeId.UNION]: unsupported,
  [DuckDBTypeId.BIT]: unsupported,
  [DuckDBTypeId.TIME_TZ]: unsupported,
  [DuckDBTypeId.TIMESTAMP_TZ]: isoTimestamp,
  [DuckDBTypeId.ANY]: unsupported,
  [DuckDBTypeId.BIGNUM]: safeNumber,
  [DuckDBTypeId.SQLNULL]: () => null,
  [DuckDBTypeId.STRING_LITERAL]: unsupported,
  [DuckDBTypeId.INTEGER_LITERAL]: unsupported,
  [DuckDBTypeId.TIME_NS]: unsupported,
  [DuckDBTypeId.GEOMETRY]: unsupported,
  [DuckDBTypeId.VARIANT]: unsupported,
};

/** Converts one DuckDB result value to its `StoreValue`; the single outbound conversion point. */
export const storeValueConverter: DuckDBValueConverter<StoreValue> =
  createDuckDBValueConverter(convertersByTypeId);

/**
 * Turns JS parameters into DuckDB values with explicit types, the single inbound conversion point.
 * Plain arrays bind as LIST (element type from the elements; an empty list is LIST(VARCHAR)),
 * Date objects as TIMESTAMP in UTC; `undefined` is rejected because it is almost always a bug.
 */
export function toDuckDBParams(params: StoreParams): {
  values: DuckDBValue[] | Record<string, DuckDBValue>;
  types: DuckDBType[] | Record<string, DuckDBType>;
} {
  if (Array.isArray(params)) {
    const bound = params.map((value, index) => toDuckDBParam(value, `$${index + 1}`));
    return { values: bound.map((b) => b.value), types: bound.map((b) => b.type) };
  }
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const [name, raw] of Object.entries(params)) {
    const bound = toDuckDBParam(raw, `$${name}`);
    values[name] = bound.value;
    types[name] = bound.type;
  }
  return { values, types };
}

function toDuckDBParam(value: unknown, label: string): { value: DuckDBValue; type: DuckDBType } {
  if (value === undefined) {
    throw new TypeError(`Parameter ${label} is undefined; pass null for SQL NULL.`);
  }
  if (value === null) return { value: null, type: SQLNULL };
  if (value instanceof Date) {
    return { value: timestampValue(BigInt(value.getTime()) * 1000n), type: TIMESTAMP };
  }
  if (Array.isArray(value)) {
    const items = value.map((item, index) => toDuckDBParam(item, `${label}[${index}]`));
    const elementType = listElementType(value);
    return { value: listValue(items.map((i) => i.value)), type: LIST(elementType) };
  }
  switch (typeof value) {
    case 'string':
      return { value, type: VARCHAR };
    case 'boolean':
      return { value, type: BOOLEAN };
    case 'bigint':
      return { value, type: HUGEINT };
    case 'number':
      if (!Number.isInteger(value)) return { value, type: DOUBLE };
      return { value, type: Math.abs(value) <= 2_147_483_647 ? INTEGER : BIGINT };
    default:
      throw new TypeError(`Parameter ${label} has unsupported type ${typeof value}.`);
  }
}

function listElementType(items: readonly unknown[]): DuckDBType {
  const present = items.filter((item) => item !== null);
  if (present.length === 0 || present.every((item) => typeof item === 'string')) return VARCHAR;
  if (present.every((item) => typeof item === 'boolean')) return BOOLEAN;
  if (present.every((item) => typeof item === 'number' && Number.isInteger(item))) return BIGINT;
  if (present.every((item) => typeof item === 'number')) return DOUBLE;
  if (present.every((item) => item instanceof Date)) return TIMESTAMP;
  throw new TypeError('A list parameter mixes element types; pass one type per list.');
}
