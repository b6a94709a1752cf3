/**
 * One step of the schema's history. Steps are applied in `version` order, each in its own
 * transaction together with its row in `schema_version`, so a crash between steps leaves the
 * database at a clean version. A published step is never edited; a change is a new step.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * Revenue is DECIMAL(38,18): 20 integer digits and 18 fractional ones, which holds the vendor's
 * float text (e.g. 0.036300000000000006, 18 fractional digits) exactly. Values with more than 18
 * fractional digits (only written in exponent form, such as 1.2345678901234567e-05) are rounded to
 * the nearest 10^-18, half away from zero.
 */
export const MONEY_TYPE = 'DECIMAL(38,18)';

/** The states of a sync job, in the order a successful job passes through them. */
export const SYNC_JOB_STATES = [
  'requested',
  'polling',
  'downloading',
  'loading',
  'loaded',
  'failed',
] as const;

const stateList = SYNC_JOB_STATES.map((state) => `'${state}'`).join(', ');

/** The schema's history, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'user_day_rows_catalogue_and_sync_jobs',
    statements: [
      // One row per line of a vendor file. No primary key: a user may appear once per app,
      // platform and country on a day. Rows of a day are inserted sorted by user_id, so zonemaps
      // let per-user lookups skip most row groups.
      `CREATE TABLE user_day (
        report_day DATE NOT NULL,
        app_id VARCHAR,
        app_name VARCHAR,
        user_id VARCHAR NOT NULL,
        advertising_id VARCHAR,
        device_os VARCHAR,
        country VARCHAR,
        revenue ${MONEY_TYPE} NOT NULL,
        impressions BIGINT NOT NULL,
        clicks BIGINT NOT NULL,
        conversions BIGINT NOT NULL,
        is_masked BOOLEAN NOT NULL
      )`,
      `CREATE TABLE loaded_day (
        report_day DATE PRIMARY KEY,
        rows BIGINT NOT NULL,
        revenue_total ${MONEY_TYPE} NOT NULL,
        loaded_at TIMESTAMP NOT NULL,
        report_id VARCHAR,
        checksum_sha256 VARCHAR NOT NULL,
        bytes BIGINT NOT NULL,
        unknown_columns VARCHAR[] NOT NULL
      )`,
      `CREATE TABLE sync_job (
        report_day DATE PRIMARY KEY,
        state VARCHAR NOT NULL CHECK (state IN (${stateList})),
        report_id VARCHAR,
        download_url VARCHAR,
        url_expires_at TIMESTAMP,
        attempts INTEGER NOT NULL DEFAULT 0,
        error_code VARCHAR,
        error_message VARCHAR,
        updated_at TIMESTAMP NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'user_summary_per_user_and_app',
    statements: [
      // One row per user and app over all history, ordered by a 64-bit hash of the user id;
      // rebuilt in every load's transaction (see user-summary.ts).
      `CREATE TABLE user_summary (
        user_hash UBIGINT NOT NULL,
        user_id VARCHAR NOT NULL,
        app_id VARCHAR,
        first_seen DATE NOT NULL,
        last_seen DATE NOT NULL,
        revenue ${MONEY_TYPE} NOT NULL,
        impressions BIGINT NOT NULL,
        clicks BIGINT NOT NULL,
        conversions BIGINT NOT NULL,
        advertising_ids VARCHAR[] NOT NULL
      )`,
      `INSERT INTO user_summary
        SELECT CAST(md5_number(user_id) >> 64 AS UBIGINT) AS user_hash, user_id, app_id,
               min(report_day), max(report_day), CAST(sum(revenue) AS ${MONEY_TYPE}),
               CAST(sum(impressions) AS BIGINT), CAST(sum(clicks) AS BIGINT),
               CAST(sum(conversions) AS BIGINT),
               coalesce(list_sort(list_distinct(list(advertising_id)
                 FILTER (WHERE advertising_id <> ''))), [])
          FROM user_day
         WHERE NOT is_masked
         GROUP BY user_id, app_id
         ORDER BY user_hash`,
    ],
  },
  {
    version: 3,
    name: 'user_advertising_ids_apart_from_user_summary',
    statements: [
      // Rewriting every user's list of advertising ids on each load cost more than the rest of
      // the summary; the ids move to a table that a load only appends new sightings to. Written
      // to end in the same state after either form step 2 briefly had on main (with this table
      // already, or with the list column).
      `CREATE OR REPLACE TABLE user_advertising_id AS
        SELECT DISTINCT CAST(md5_number(user_id) >> 64 AS UBIGINT) AS user_hash, user_id, app_id,
               advertising_id
          FROM user_day
         WHERE NOT is_masked AND advertising_id <> ''
         ORDER BY user_hash`,
      'ALTER TABLE user_summary DROP COLUMN IF EXISTS advertising_ids',
    ],
  },
  {
    version: 4,
    name: 'user_day_sole_row_of_user_day',
    statements: [
      // is_sole_row: the row is its user's only row of that day (in any app). Most users have
      // one row a day, so distinct users per day are counted as these rows plus a distinct
      // count over the few others, which is exact under any row filter and several times
      // cheaper than a distinct count over every row. DuckDB cannot add a NOT NULL column, so
      // the table is rewritten, each day's rows still ordered by user. Its columns restate
      // step 1's rather than share them: a published step's text must never change.
      `CREATE TABLE user_day_v4 (
        report_day DATE NOT NULL,
        app_id VARCHAR,
        app_name VARCHAR,
        user_id VARCHAR NOT NULL,
        advertising_id VARCHAR,
        device_os VARCHAR,
        country VARCHAR,
        revenue ${MONEY_TYPE} NOT NULL,
        impressions BIGINT NOT NULL,
        clicks BIGINT NOT NULL,
        conversions BIGINT NOT NULL,
        is_masked BOOLEAN NOT NULL,
        is_sole_row BOOLEAN NOT NULL
      )`,
      `INSERT INTO user_day_v4
        SELECT *, count(*) OVER (PARTITION BY report_day, user_id) = 1
          FROM user_day
         ORDER BY report_day, user_id`,
      'DROP TABLE user_day',
      'ALTER TABLE user_day_v4 RENAME TO user_day',
    ],
  },
];
