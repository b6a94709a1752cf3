/**
 * The columns of the simulated user-level file. The vendor does not publish the user-level
 * header, so the list is configuration: each column names the row field it shows and the
 * header text it carries.
 */

/** The fields a simulated row can show. */
export type RowField =
  | 'date'
  | 'appId'
  | 'appName'
  | 'userId'
  | 'advertisingId'
  | 'deviceOs'
  | 'country'
  | 'revenue'
  | 'impressions'
  | 'clicks'
  | 'conversions';

/** One column of the file: which field it shows, under which header text. */
export interface CsvColumn {
  field: RowField;
  header: string;
}

/** Every row field, in the order rows hold their values internally. */
export const ROW_FIELDS: readonly RowField[] = [
  'date',
  'appId',
  'appName',
  'userId',
  'advertisingId',
  'deviceOs',
  'country',
  'revenue',
  'impressions',
  'clicks',
  'conversions',
];

/**
 * The default columns; their header line is exactly
 * `Date,App ID,App Name,User ID,Advertising ID,Device OS,Country,Revenue (USD),Impressions,Clicks,Conversions`.
 */
export const DEFAULT_COLUMNS: readonly CsvColumn[] = Object.freeze([
  { field: 'date', header: 'Date' },
  { field: 'appId', header: 'App ID' },
  { field: 'appName', header: 'App Name' },
  { field: 'userId', header: 'User ID' },
  { field: 'advertisingId', header: 'Advertising ID' },
  { field: 'deviceOs', header: 'Device OS' },
  { field: 'country', header: 'Country' },
  { field: 'revenue', header: 'Revenue (USD)' },
  { field: 'impressions', header: 'Impressions' },
  { field: 'clicks', header: 'Clicks' },
  { field: 'conversions', header: 'Conversions' },
]);

/** A value as one CSV field: quoted (with quotes doubled) only when it holds , " CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
