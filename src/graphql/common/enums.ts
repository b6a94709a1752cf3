import { registerEnumType } from 'type-graphql';

/** What users are ranked by. */
export enum Metric {
  REVENUE = 'REVENUE',
  IMPRESSIONS = 'IMPRESSIONS',
  CLICKS = 'CLICKS',
  CONVERSIONS = 'CONVERSIONS',
  ACTIVE_DAYS = 'ACTIVE_DAYS',
}

registerEnumType(Metric, {
  name: 'Metric',
  description: 'A per-user measure over a date range, used to rank users (highest first).',
  valuesConfig: {
    REVENUE: { description: 'Revenue in USD.' },
    IMPRESSIONS: { description: 'Ad impressions.' },
    CLICKS: { description: 'Ad clicks.' },
    CONVERSIONS: { description: 'Conversions.' },
    ACTIVE_DAYS: { description: 'Number of UTC days with at least one row for the user.' },
  },
});

/** What a revenue breakdown groups by. */
export enum Dimension {
  DATE = 'DATE',
  APP = 'APP',
  DEVICE_OS = 'DEVICE_OS',
  COUNTRY = 'COUNTRY',
}

registerEnumType(Dimension, {
  name: 'Dimension',
  description: 'A column a revenue breakdown can group by.',
  valuesConfig: {
    DATE: { description: 'The UTC report day.' },
    APP: { description: 'The app (its vendor app id).' },
    DEVICE_OS: { description: 'The platform: android or ios.' },
    COUNTRY: { description: 'The ISO 3166 alpha-2 country code.' },
  },
});
