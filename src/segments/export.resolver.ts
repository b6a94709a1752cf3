import { Args, Ctx, Mutation, Resolver } from 'type-graphql';

import { checkDateRange } from '../graphql/common/check-date-range';
import { coverageOf } from '../graphql/common/coverage-of';
import type { UserFilter } from '../graphql/common/user-filter.input';
import type { GatewayContext } from '../graphql/context';
import { UserInputError } from '../graphql/user-input-error';
import { ExportSegmentArgs } from './export.args';
import { ExportFormat } from './export-format';
import { ExportLinkTooLongError, MAX_TOKEN_CHARS } from './export-links';
import { countSegmentUsers } from './export-reader';
import { SegmentExport } from './segment-export.type';

/** `Mutation.exportSegment`: the whole segment as a file, not page by page. */
@Resolver()
export class ExportResolver {
  @Mutation(() => SegmentExport, {
    description:
      'Prepares a download of every user of a segment over an inclusive range of UTC days (user id, advertising ids, revenue in USD, impressions, clicks, conversions, active days, first and last day seen), highest revenue first, ties by user id. Pulls missing days like a query, counts the users, and returns a signed link valid for a configured time (1 hour by default). The masked row is never a user.',
  })
  async exportSegment(
    @Ctx() context: GatewayContext,
    @Args(() => ExportSegmentArgs) args: ExportSegmentArgs,
  ): Promise<SegmentExport> {
    const { range, filter } = args;
    const format = args.format ?? ExportFormat.CSV;
    checkDateRange(range, context.limits.maxRangeDays);
    const coverage = coverageOf(await context.coverage.ensure(range));
    const plainFilter = canonicalFilter(filter);
    // The link carries the caller's allow-list, so the download reads what this count read.
    const apps = context.identity.apps;

    // The link pins the days counted here, so the download lists the users this count counted.
    const users = await countSegmentUsers(context.store, {
      days: coverage.loaded,
      filter: plainFilter,
      apps,
    });
    const link = issueLink(context, {
      range: { from: range.from, to: range.to },
      days: coverage.loaded,
      filter: plainFilter,
      format,
      ...(apps === undefined ? {} : { apps }),
    });
    return Object.assign(new SegmentExport(), { ...link, users, coverage });
  }
}

function issueLink(
  context: GatewayContext,
  ticket: Parameters<GatewayContext['exports']['issue']>[0],
): { url: string; expiresAt: string } {
  try {
    return context.exports.issue(ticket, context.requestHost);
  } catch (error) {
    if (!(error instanceof ExportLinkTooLongError)) throw error;
    throw new UserInputError(
      'filter',
      `The filter is too large to fit in an export link (${error.tokenChars} characters once packed, at most ${MAX_TOKEN_CHARS}); narrow it, for example with fewer appIds.`,
    );
  }
}

/** The filter's given fields as plain JSON, keys sorted, for the link. */
function canonicalFilter(filter: UserFilter): Record<string, unknown> {
  const entries = Object.entries(filter).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}
