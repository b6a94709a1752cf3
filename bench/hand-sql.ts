/**
 * The benchmark's questions as a person would write them in SQL against the `user_day` table
 * (one row per user, app and day, as loaded from the vendor files), with nothing of the
 * product's own tables or tricks. They run in the product's database, in the same run, so the
 * ratio shows what the product adds on top of the engine.
 */

/** Top 100 users by revenue over a day range with their totals, and the size of the ranking. */
export const TOP_USERS = `
  WITH per_user AS (
    SELECT user_id, sum(revenue) AS revenue, sum(impressions) AS impressions,
           sum(clicks) AS clicks, sum(conversions) AS conversions
      FROM user_day
     WHERE report_day BETWEEN $from::DATE AND $to::DATE AND NOT is_masked
     GROUP BY user_id)
  SELECT *, (SELECT count(*) FROM per_user) AS total_count
    FROM per_user
   ORDER BY revenue DESC, user_id
   LIMIT 100`;

/** One user's totals over all history. */
export const USER_TOTALS = `
  SELECT sum(revenue) AS revenue, sum(impressions) AS impressions, sum(clicks) AS clicks,
         sum(conversions) AS conversions
    FROM user_day
   WHERE user_id = $userId AND NOT is_masked`;

/** One user's days in a range. */
export const USER_DAILY = `
  SELECT report_day, sum(revenue) AS revenue, sum(impressions) AS impressions
    FROM user_day
   WHERE user_id = $userId AND NOT is_masked AND report_day BETWEEN $from::DATE AND $to::DATE
   GROUP BY report_day
   ORDER BY report_day`;

/** One user's cumulative revenue 0, 1, 3 and 7 days after first seen. */
export const USER_LTV = `
  WITH rows AS (
    SELECT report_day, revenue FROM user_day WHERE user_id = $userId AND NOT is_masked),
  first AS (SELECT min(report_day) AS first_seen FROM rows)
  SELECT age, sum(revenue) FILTER (WHERE report_day <= first_seen + age) AS revenue
    FROM rows, first, (SELECT unnest([0, 1, 3, 7]) AS age)
   GROUP BY age
   ORDER BY age`;

/** Totals over all history of a list of users: one IN-list query. */
export const USERS_TOTALS = `
  SELECT user_id, sum(revenue) AS revenue, sum(impressions) AS impressions,
         sum(clicks) AS clicks, sum(conversions) AS conversions
    FROM user_day
   WHERE user_id IN (SELECT unnest($userIds)) AND NOT is_masked
   GROUP BY user_id`;

/** Attributed revenue by day and country over a range, with distinct users. */
export const REVENUE_BY_DATE_COUNTRY = `
  SELECT report_day, country, count(DISTINCT user_id) AS users, sum(revenue) AS revenue,
         sum(impressions) AS impressions, sum(clicks) AS clicks, sum(conversions) AS conversions
    FROM user_day
   WHERE report_day BETWEEN $from::DATE AND $to::DATE AND NOT is_masked
   GROUP BY report_day, country
   ORDER BY report_day, country`;

/** The totals beside the breakdown: everything, the masked row apart, user-days for ARPDAU. */
export const REVENUE_TOTALS = `
  SELECT sum(revenue) AS revenue, sum(impressions) AS impressions,
         sum(revenue) FILTER (WHERE is_masked) AS unattributed,
         count(DISTINCT (user_id, report_day)) FILTER (WHERE NOT is_masked) AS user_days
    FROM user_day
   WHERE report_day BETWEEN $from::DATE AND $to::DATE`;

/** Users by first-seen day in a range, average cumulative revenue at ages 0, 1, 3, 7. */
export const COHORTS = `
  WITH firsts AS (
    SELECT user_id, min(report_day) AS first_seen
      FROM user_day WHERE NOT is_masked GROUP BY user_id),
  cohort AS (SELECT * FROM firsts WHERE first_seen BETWEEN $from::DATE AND $to::DATE),
  sizes AS (SELECT first_seen, count(*) AS users FROM cohort GROUP BY first_seen),
  earned AS (
    SELECT c.first_seen, a.age,
           sum(r.revenue) FILTER (WHERE r.report_day <= c.first_seen + a.age) AS revenue
      FROM cohort c
      JOIN user_day r ON r.user_id = c.user_id AND NOT r.is_masked
                     AND r.report_day <= c.first_seen + 7
     CROSS JOIN (SELECT unnest([0, 1, 3, 7]) AS age) a
     GROUP BY c.first_seen, a.age)
  SELECT s.first_seen, e.age, s.users, e.revenue / s.users AS average
    FROM sizes s JOIN earned e USING (first_seen)
   ORDER BY s.first_seen, e.age`;
