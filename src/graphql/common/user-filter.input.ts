import { ArrayMaxSize, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, InputType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

import { DateScalar } from '../scalars/date';

/** The largest revenue threshold, in USD: far above any user, far below DECIMAL(38,18)'s limit. */
export const MAX_REVENUE_THRESHOLD = 1e15;

/** The most values one list in a filter may hold. */
export const MAX_FILTER_VALUES = 500;

/**
 * Narrows the users an answer is about. Lists match any of their values; thresholds apply to
 * the user's totals over the queried range; absent fields do not filter. All given fields must
 * hold (AND).
 */
@InputType({
  description: 'Narrows users; every given field must hold. Absent fields do not filter.',
})
export class UserFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Only rows of these apps (vendor app ids).',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Length(1, 200, { each: true })
  appIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Only rows of these platforms, case-insensitive: android, ios.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Length(1, 50, { each: true })
  deviceOs?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Only rows from these countries, ISO 3166 alpha-2, case-insensitive.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Length(2, 2, {
    each: true,
    message: 'each country must be an ISO 3166 alpha-2 code such as "US"',
  })
  countries?: string[];

  @Field(() => Float, {
    nullable: true,
    description: 'Users whose revenue over the range is at least this many USD.',
  })
  @IsOptional()
  @Min(0)
  @Max(MAX_REVENUE_THRESHOLD)
  minRevenue?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Users whose revenue over the range is at most this many USD.',
  })
  @IsOptional()
  @Min(0)
  @Max(MAX_REVENUE_THRESHOLD)
  maxRevenue?: number;

  @Field(() => GraphQLSafeInt, {
    nullable: true,
    description: 'Users with at least this many impressions over the range.',
  })
  @IsOptional()
  @Min(0)
  minImpressions?: number;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Users whose last active day within the range is before this UTC day: they went quiet.',
  })
  @IsOptional()
  lastSeenBefore?: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Users whose last active day within the range is on or after this UTC day.',
  })
  @IsOptional()
  lastSeenOnOrAfter?: string;
}
