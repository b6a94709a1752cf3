import { GraphQLError } from 'graphql';

import { ErrorCode } from '../graphql/error-code';
import type { ReportSync } from '../sync/report-sync';
import { UpstreamCredentialsRejectedError, UpstreamError } from '../upstream';
import type { CoverageSource, DayCoverage, DayRange } from './day-coverage';

/**
 * The API's view of report days, over the report sync: a query waits up to `budgetMs` for the
 * missing days it needs, then answers with what is stored. Vendor trouble becomes a client
 * error only when no stored day can answer at all; otherwise the coverage says what is missing.
 */
export class CoverageService implements CoverageSource {
  constructor(
    private readonly sync: ReportSync,
    private readonly budgetMs: number,
  ) {}

  async ensure(range: DayRange): Promise<DayCoverage> {
    const { coverage, failures } = await this.sync.ensure(range, this.budgetMs);
    if (coverage.loaded.length === 0 && failures.length > 0) {
      throw upstreamFailure(failures[0].day, failures[0].error);
    }
    return coverage;
  }

  async current(range: DayRange): Promise<DayCoverage> {
    return this.sync.coverage(range);
  }

  async latestLoadedDay(): Promise<string | undefined> {
    return this.sync.latestLoadedDay();
  }

  oldestPullableDay(): string {
    return this.sync.oldestPullableDay();
  }
}

/** A coded client error for a day that could not be pulled; no secret is in upstream messages. */
function upstreamFailure(day: string, error: Error): GraphQLError {
  if (error instanceof UpstreamCredentialsRejectedError) {
    return new GraphQLError(
      `No stored data covers the range, and the vendor rejected the configured credentials while pulling ${day}. Check DT_CLIENT_ID and DT_CLIENT_SECRET.`,
      { extensions: { code: ErrorCode.UpstreamCredentialsRejected, day } },
    );
  }
  const vendor = error instanceof UpstreamError;
  return new GraphQLError(
    `No stored data covers the range, and pulling ${day} from the vendor failed: ${error.message}`,
    {
      extensions: {
        code: vendor ? ErrorCode.UpstreamUnavailable : ErrorCode.DataNotAvailable,
        day,
        reason: (error as { code?: string }).code,
      },
    },
  );
}
