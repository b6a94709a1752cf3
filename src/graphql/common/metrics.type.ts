import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

/**
 * Summed activity as the store returns it: revenue is an exact decimal string in USD, counts
 * are whole numbers. Revenue becomes a binary float only here, at the GraphQL boundary.
 */
export interface MetricTotals {
  readonly revenue: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
}

/** Zero activity, for a user or group with no rows in the range. */
export const NO_ACTIVITY: MetricTotals = Object.freeze({
  revenue: '0',
  impressions: 0,
  clicks: 0,
  conversions: 0,
});

// As fresh as the answer holding it: it takes the max-age of the field that returns it.
@Directive('@cacheControl(inheritMaxAge: true)')
@ObjectType({
  description:
    'Revenue and activity summed over a set of user-days. Derived rates are null where their denominator is zero.',
})
export class Metrics {
  @Field(() => Float, { description: 'Ad revenue in USD, summed exactly before conversion.' })
  revenue!: number;

  @Field(() => GraphQLSafeInt, { description: 'Ad impressions.' })
  impressions!: number;

  @Field(() => GraphQLSafeInt, { description: 'Ad clicks.' })
  clicks!: number;

  @Field(() => GraphQLSafeInt, { description: 'Conversions attributed to ad clicks.' })
  conversions!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Effective CPM: USD per 1,000 impressions. Null without impressions.',
  })
  ecpm!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Click-through rate: clicks per impression (0..1). Null without impressions.',
  })
  ctr!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Conversions per click (0..1). Null without clicks.',
  })
  conversionRate!: number | null;

  /** Builds the GraphQL value from exact totals. */
  static of(totals: MetricTotals): Metrics {
    const revenue = Number(totals.revenue);
    return Object.assign(new Metrics(), {
      revenue,
      impressions: totals.impressions,
      clicks: totals.clicks,
      conversions: totals.conversions,
      ecpm: ratio(revenue * 1000, totals.impressions),
      ctr: ratio(totals.clicks, totals.impressions),
      conversionRate: ratio(totals.conversions, totals.clicks),
    });
  }
}

/** `numerator / denominator`, or null when the denominator is zero. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
