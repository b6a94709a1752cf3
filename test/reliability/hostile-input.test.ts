import fc from 'fast-check';

import { ExpectedReports } from '../support/expected';
import { daysFrom, plusDays } from '../support/days';
import { usdToNumber } from '../support/usd';
import { startHttpRig, type HttpRig } from './http-rig';
import {
  add,
  asList,
  closeTo,
  hasThresholds,
  HostileOracle,
  isRealDay,
  metricsProblems,
  rangeDays,
  sameProblem,
  zero,
  type SentFilter,
} from './hostile-oracle';
import {
  anyJson,
  hostileCount,
  hostileEnum,
  hostileFilter,
  hostileNumberList,
  hostileRange,
  hostileString,
  seldom,
  SQL_MARKER,
  stringsIn,
} from './hostile-values';
import { recordReliability, reliabilityScale } from './record';

const NOW = '2026-11-28T13:00:00Z';
const TODAY = '2026-11-28';
const WINDOW = daysFrom('2026-11-16', '2026-11-27');
const POPULATION = { users: 300, seed: 23 };
const RUNS = 25 * reliabilityScale();

/** Codes a refusal may carry: every one names a client mistake, none an internal failure. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
]);
/** Signs of a stack trace or of source paths in an answer. */
const STACK_SIGNS = /stacktrace|\n\s+at |\bat [^\s]+ \(|\.(ts|js):\d+/;
/**
 * Strings this long (not blank, not a bare identifier such as a placeholder name) are too
 * specific to appear in the gateway's SQL by chance; the marker catches the shorter ones.
 */
const SPLICE_CHECK_LENGTH = 12;
const IDENTIFIER = /^\$?[A-Za-z_][A-Za-z0-9_]*$/;

type Variables = Record<string, unknown>;

type Data = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Requests tried and how they ended, per field, for RELIABILITY.md. */
const tally: Record<string, { tried: number; answered: number; refused: Record<string, number> }> =
  {};
afterAll(() => recordReliability('hostile-input', { runsPerField: RUNS, fields: tally }));

describe('hostile arguments to every root field (production mode, over HTTP)', () => {
  let rig: HttpRig;
  let oracle: HostileOracle;
  let userIds: string[];
  let advertisingIds: string[];
  const statements: string[] = [];

  beforeAll(async () => {
    rig = await startHttpRig({
      now: NOW,
      simulator: POPULATION,
      env: { NODE_ENV: 'production', LTV_AUTH: 'off' },
    });
    const synced = await rig.graphql(
      'mutation ($range: DateRange!) { syncDays(range: $range) { state } }',
      { range: { from: WINDOW[0], to: WINDOW[WINDOW.length - 1] } },
    );
    expect(synced.body.data.syncDays.map((day: { state: string }) => day.state)).toEqual(
      WINDOW.map(() => 'LOADED'),
    );
    const rows = ExpectedReports.simulate(POPULATION, WINDOW).rows();
    oracle = new HostileOracle(rows, WINDOW);
    const real = rows.filter((row) => !row.masked);
    userIds = [...new Set(real.map((row) => row.userId))].slice(0, 60);
    advertisingIds = [...new Set(real.map((row) => row.advertisingId).filter(Boolean))].slice(
      0,
      40,
    );

    // Every statement the API runs passes through these two methods; keep their SQL text.
    const store = rig.service.gateway.store;
    const all = store.all.bind(store);
    const stream = store.stream.bind(store);
    store.all = ((name: string, sql: string, params?: never) => {
      statements.push(sql);
      return all(name, sql, params);
    }) as typeof store.all;
    store.stream = ((name: string, sql: string, params?: never) => {
      statements.push(sql);
      return stream(name, sql, params);
    }) as typeof store.stream;
  });
  afterAll(() => rig.close());

  /**
   * Sends one operation and returns every problem with its answer: an uncoded or internal
   * error, a stack trace, input text inside a statement's SQL, or (for an answer without errors)
   * whatever `check` finds wrong with the data.
   */
  async function problemsOf(
    field: string,
    document: string,
    variables: Variables,
    check: (data: Data) => string[],
  ): Promise<string[]> {
    const counts = (tally[field] ??= { tried: 0, answered: 0, refused: {} });
    counts.tried += 1;
    statements.length = 0;
    const answer = await rig.graphql(document, variables);
    const problems: string[] = [];
    if (answer.status !== 200 && answer.status !== 400) {
      problems.push(`HTTP ${answer.status}`);
    }
    if (STACK_SIGNS.test(answer.text)) problems.push('the answer holds a stack trace');
    const body = answer.body as { data?: Data; errors?: { extensions?: { code?: string } }[] };
    if (typeof body !== 'object' || body === null) return [...problems, 'the answer is not JSON'];
    for (const error of body.errors ?? []) {
      const code = error.extensions?.code ?? 'no code';
      counts.refused[code] = (counts.refused[code] ?? 0) + 1;
      if (!CLIENT_CODES.has(code)) problems.push(`error ${code}: ${JSON.stringify(error)}`);
    }
    if (!body.errors?.length) {
      counts.answered += 1;
      problems.push(...check(body.data));
    }
    const specific = stringsIn(variables).filter(
      (text) => text.trim().length >= SPLICE_CHECK_LENGTH && !IDENTIFIER.test(text),
    );
    for (const sql of statements) {
      if (sql.includes(SQL_MARKER)) problems.push(`input text in SQL: ${sql}`);
      for (const text of specific.filter((candidate) => sql.includes(candidate))) {
        problems.push(`input ${JSON.stringify(text)} in SQL: ${sql}`);
      }
    }
    return problems;
  }

  /** Runs a property over one field and fails with the input and every problem found. */
  async function fuzz(
    field: string,
    document: string,
    variables: fc.Arbitrary<Variables>,
    check: (variables: Variables, data: Data) => string[],
    runs = RUNS,
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(variables, async (generated) => {
        // What the server receives: -0 as 0, NaN and Infinity as null, undefined left out.
        const sent = JSON.parse(JSON.stringify(generated)) as Variables;
        const problems = await problemsOf(field, document, sent, (data) => check(sent, data));
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
      { numRuns: runs },
    );
  }

  const range = () => hostileRange(WINDOW, TODAY);
  const filter = () => hostileFilter(WINDOW, TODAY);
  const anyId = () =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...userIds) },
      hostileString(),
      hostileCount(fc.integer({ min: 0, max: 10 })),
    );

  it('Query.coverage answers exactly or refuses with a code', async () => {
    await fuzz(
      'coverage',
      'query ($range: DateRange!) { coverage(range: $range) { loaded pending unavailable complete } }',
      fc.record({ range: range() }),
      ({ range }, data) =>
        rangeDays(range)
          ? sameProblem('coverage', data.coverage, oracle.coverage(range as never))
          : [`accepted the range ${JSON.stringify(range)}`],
    );
  });

  it('Query.user answers exactly or refuses with a code', async () => {
    await fuzz(
      'user',
      `query ($id: ID!, $range: DateRange!, $ages: [Int!]!) {
        user(id: $id) {
          id firstSeen lastSeen advertisingIds
          totals { revenue impressions clicks conversions }
          ranged: totals(range: $range) { revenue impressions clicks conversions }
          daily(range: $range) { date metrics { revenue impressions } }
          ltv(days: $ages) { day revenue }
        }
      }`,
      fc.record({
        id: anyId(),
        range: range(),
        ages: hostileNumberList(fc.integer({ min: 0, max: 30 })),
      }),
      (sent, data) => userProblems(sent, data.user),
    );
  });

  function userProblems(sent: Variables, user: Data): string[] {
    const id = typeof sent.id === 'number' ? String(sent.id) : (sent.id as string);
    const rows = oracle.rowsOf(id);
    if (rows.length === 0) return user === null ? [] : [`user ${JSON.stringify(id)} is not null`];
    if (user === null) return [`user ${id} is null`];
    const days = rangeDays(sent.range);
    const ages = asList(sent.ages as number[]) ?? [];
    if (!days) return [`accepted the range ${JSON.stringify(sent.range)}`];
    const firstSeen = rows[0].day;
    const sum = (kept: typeof rows) => {
      const total = zero();
      for (const row of kept) add(total, row);
      return total;
    };
    const active = [...new Set(rows.map((row) => row.day))].filter((day) => days.includes(day));
    const problems = [
      ...sameProblem('id', user.id, id),
      ...sameProblem('firstSeen', user.firstSeen, firstSeen),
      ...sameProblem('lastSeen', user.lastSeen, rows[rows.length - 1].day),
      ...sameProblem(
        'advertisingIds',
        user.advertisingIds,
        [...new Set(rows.map((row) => row.advertisingId).filter(Boolean))].sort(),
      ),
      ...metricsProblems('totals', user.totals, sum(rows)),
      ...metricsProblems('ranged', user.ranged, sum(rows.filter((row) => days.includes(row.day)))),
      ...sameProblem(
        'daily dates',
        user.daily.map((day: { date: string }) => day.date),
        active,
      ),
    ];
    active.forEach((day, index) => {
      problems.push(
        ...metricsProblems(
          `daily[${day}]`,
          user.daily[index]?.metrics ?? {},
          sum(rows.filter((row) => row.day === day)),
        ),
      );
    });
    ages.forEach((age, index) => {
      const through = plusDays(firstSeen, age);
      const point = user.ltv[index];
      if (point?.day !== age) problems.push(`ltv[${index}].day is ${point?.day}, expected ${age}`);
      if (through > oracle.newest) {
        if (point?.revenue !== null) problems.push(`ltv at ${age} is not null`);
      } else {
        const revenue = usdToNumber(sum(rows.filter((row) => row.day <= through)).revenue);
        if (!closeTo(point?.revenue, revenue)) {
          problems.push(`ltv at ${age} is ${point?.revenue}, expected ${revenue}`);
        }
      }
    });
    return problems;
  }

  it('Query.userByAdvertisingId answers exactly or refuses with a code', async () => {
    const variants = fc
      .constantFrom(...advertisingIds)
      .chain((id) => fc.constantFrom(id, id.toUpperCase(), id.toLowerCase(), ` ${id}`));
    await fuzz(
      'userByAdvertisingId',
      'query ($advertisingId: String!) { userByAdvertisingId(advertisingId: $advertisingId) { id } }',
      fc.record({
        advertisingId: fc.oneof({ weight: 2, arbitrary: variants }, hostileString(), anyJson()),
      }),
      ({ advertisingId }, data) => {
        // The file writes a missing advertising id as an empty field: no user has it.
        const owners = new Set(
          advertisingId === ''
            ? []
            : oracle.rowsOfAdvertisingId(String(advertisingId)).map((row) => row.userId),
        );
        const expected = owners.size === 0 ? null : { id: [...owners][0] };
        return sameProblem('userByAdvertisingId', data.userByAdvertisingId, expected);
      },
    );
  });

  it('Query.topUsers answers exactly or refuses with a code', async () => {
    await fuzz(
      'topUsers',
      `query ($range: DateRange!, $orderBy: Metric, $filter: UserFilter, $first: Int, $after: String) {
        topUsers(range: $range, orderBy: $orderBy, filter: $filter, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage }
          edges { node { id } metrics { revenue impressions clicks conversions } }
          coverage { loaded pending unavailable complete }
        }
      }`,
      fc.record({
        range: range(),
        orderBy: fc.option(hostileEnum(['REVENUE', 'IMPRESSIONS', 'CLICKS', 'ACTIVE_DAYS']), {
          nil: undefined,
        }),
        filter: fc.option(filter(), { nil: undefined }),
        first: fc.option(hostileCount(fc.integer({ min: 1, max: 60 })), { nil: undefined }),
        after: seldom(hostileString()),
      }),
      (sent, data) => {
        const days = oracle.loadedIn(sent.range);
        if (!days) return [`accepted the range ${JSON.stringify(sent.range)}`];
        if (sent.after != null) return [`accepted the cursor ${JSON.stringify(sent.after)}`];
        const metric = (sent.orderBy as string | undefined) ?? 'REVENUE';
        if (!HostileOracle.isMetric(metric)) return [`accepted orderBy ${metric}`];
        const ranking = oracle.ranking(days, metric, sent.filter as SentFilter);
        const first = (sent.first as number | undefined) ?? 50;
        const page = ranking.slice(0, first);
        const answer = data.topUsers;
        const problems = [
          ...sameProblem('totalCount', answer.totalCount, ranking.length),
          ...sameProblem('hasNextPage', answer.pageInfo.hasNextPage, ranking.length > first),
          ...sameProblem(
            'ids',
            answer.edges.map((edge: Data) => edge.node.id),
            page.map((user) => user.id),
          ),
          ...sameProblem('coverage', answer.coverage, oracle.coverage(sent.range as never)),
        ];
        page.forEach((user, index) =>
          problems.push(...metricsProblems(`edge ${index}`, answer.edges[index]?.metrics, user)),
        );
        return problems;
      },
    );
  });

  it('Query.revenue answers exactly or refuses with a code', async () => {
    await fuzz(
      'revenue',
      `query ($range: DateRange!, $groupBy: [Dimension!], $filter: UserFilter) {
        revenue(range: $range, groupBy: $groupBy, filter: $filter) {
          rows { users metrics { revenue impressions } }
          totals { revenue impressions clicks conversions }
          unattributedRevenue
          coverage { loaded pending unavailable complete }
        }
      }`,
      fc.record({
        range: range(),
        groupBy: fc.oneof(
          { weight: 3, arbitrary: fc.subarray(['DATE', 'APP', 'DEVICE_OS', 'COUNTRY']) },
          fc.constant(undefined),
          fc.array(hostileEnum(['DATE', 'APP', 'DEVICE_OS', 'COUNTRY']), { maxLength: 5 }),
          anyJson(),
        ),
        filter: fc.option(filter(), { nil: undefined }),
      }),
      (sent, data) => {
        const days = oracle.loadedIn(sent.range);
        if (!days) return [`accepted the range ${JSON.stringify(sent.range)}`];
        const sentFilter = sent.filter as SentFilter;
        const totals = zero();
        let unattributed = 0n;
        if (hasThresholds(sentFilter)) {
          for (const user of oracle.users(days, sentFilter).values()) add(totals, user);
        } else {
          for (const row of oracle.matchingRows(days, sentFilter)) {
            add(totals, row);
            if (row.masked) unattributed += row.revenue;
          }
        }
        const answer = data.revenue;
        const grouped = answer.rows.reduce(
          (sum: number, row: Data) => sum + row.metrics.revenue,
          0,
        );
        const problems = [
          ...metricsProblems('totals', answer.totals, totals),
          ...sameProblem('coverage', answer.coverage, oracle.coverage(sent.range as never)),
        ];
        if (!closeTo(answer.unattributedRevenue, usdToNumber(unattributed))) {
          problems.push(`unattributedRevenue is ${answer.unattributedRevenue}`);
        }
        if (!closeTo(grouped + answer.unattributedRevenue, answer.totals.revenue)) {
          problems.push(`rows add up to ${grouped}, not to the totals`);
        }
        return problems;
      },
    );
  });

  it('Query.cohorts answers consistently or refuses with a code', async () => {
    await fuzz(
      'cohorts',
      `query ($firstSeen: DateRange!, $days: [Int!]!, $filter: UserFilter) {
        cohorts(firstSeen: $firstSeen, days: $days, filter: $filter) {
          firstSeen users ltv { day users averageRevenue }
        }
      }`,
      fc.record({
        firstSeen: range(),
        days: hostileNumberList(fc.integer({ min: 0, max: 20 })),
        filter: fc.option(filter(), { nil: undefined }),
      }),
      (sent, data) => cohortProblems(sent, data.cohorts),
    );
  });

  function cohortProblems(sent: Variables, cohorts: Data[]): string[] {
    const days = oracle.loadedIn(sent.firstSeen);
    if (!days) return [`accepted the range ${JSON.stringify(sent.firstSeen)}`];
    const ages = [...new Set(asList(sent.days as number[]))].sort((a, b) => a - b);
    const problems: string[] = [];
    for (const cohort of cohorts) {
      if (!days.includes(cohort.firstSeen)) problems.push(`cohort ${cohort.firstSeen} is outside`);
      problems.push(
        ...sameProblem(
          `${cohort.firstSeen} ages`,
          cohort.ltv.map((point: Data) => point.day),
          ages,
        ),
      );
      for (const point of cohort.ltv) {
        if (point.users !== 0 && point.users !== cohort.users) {
          problems.push(`${cohort.firstSeen} at ${point.day} counts ${point.users} users`);
        }
        if ((point.users === 0) !== (point.averageRevenue === null)) {
          problems.push(`${cohort.firstSeen} at ${point.day}: averageRevenue without users`);
        }
      }
    }
    const filter = sent.filter as SentFilter | undefined;
    if (filter && Object.values(filter).some((value) => value != null)) return problems;

    // Unfiltered, every number is known: users by first stored day, revenue through each age.
    const cohortsByDay = new Map<string, string[]>();
    for (const user of oracle.users(oracle.loaded, null).values()) {
      const first = oracle.rowsOf(user.id)[0].day;
      if (days.includes(first))
        cohortsByDay.set(first, [...(cohortsByDay.get(first) ?? []), user.id]);
    }
    const expected = [...cohortsByDay.keys()].sort().map((first) => {
      const members = cohortsByDay.get(first) ?? [];
      return {
        firstSeen: first,
        users: members.length,
        ltv: ages.map((age) => {
          const through = plusDays(first, age);
          if (through > oracle.newest) return { day: age, users: 0, averageRevenue: null };
          let revenue = 0n;
          for (const id of members) {
            for (const row of oracle.rowsOf(id)) if (row.day <= through) revenue += row.revenue;
          }
          return { day: age, users: members.length, averageRevenue: usdToNumber(revenue) };
        }),
      };
    });
    problems.push(
      ...sameProblem(
        'cohort days and sizes',
        cohorts.map((cohort) => [cohort.firstSeen, cohort.users]),
        expected.map((cohort) => [cohort.firstSeen, cohort.users]),
      ),
    );
    expected.forEach((cohort, index) =>
      cohort.ltv.forEach((point, at) => {
        const answered = cohorts[index]?.ltv[at];
        const total =
          answered?.averageRevenue === null ? null : answered?.averageRevenue * cohort.users;
        const fine =
          point.averageRevenue === null
            ? answered?.averageRevenue === null
            : total !== null && closeTo(total, point.averageRevenue);
        if (!fine)
          problems.push(`${cohort.firstSeen} at ${point.day}: ${JSON.stringify(answered)}`);
      }),
    );
    return problems;
  }

  it('Query.revenueDistribution answers consistently or refuses with a code', async () => {
    await fuzz(
      'revenueDistribution',
      `query ($range: DateRange!, $quantiles: [Float!]!, $topShares: [Float!]) {
        revenueDistribution(range: $range, quantiles: $quantiles, topShares: $topShares) {
          users quantiles { p revenue } topShares { percent share }
          coverage { loaded pending unavailable complete }
        }
      }`,
      fc.record({
        range: range(),
        quantiles: hostileNumberList(fc.double({ min: 0, max: 1, noNaN: true })),
        topShares: fc.option(hostileNumberList(fc.double({ min: 0, max: 100, noNaN: true })), {
          nil: undefined,
        }),
      }),
      (sent, data) => distributionProblems(sent, data.revenueDistribution),
    );
  });

  function distributionProblems(sent: Variables, answer: Data): string[] {
    const days = oracle.loadedIn(sent.range);
    if (!days) return [`accepted the range ${JSON.stringify(sent.range)}`];
    const revenues = [...oracle.users(days, null).values()]
      .map((user) => usdToNumber(user.revenue))
      .sort((a, b) => a - b);
    const quantiles = asList(sent.quantiles as number[]) ?? [];
    const shares = asList(sent.topShares as number[] | null | undefined) ?? [];
    const problems = [
      ...sameProblem('users', answer.users, revenues.length),
      ...sameProblem('coverage', answer.coverage, oracle.coverage(sent.range as never)),
      ...sameProblem(
        'quantile ps',
        answer.quantiles.map((point: Data) => point.p),
        quantiles,
      ),
      ...sameProblem(
        'share percents',
        answer.topShares.map((point: Data) => point.percent),
        shares,
      ),
    ];
    const byP = answer.quantiles
      .map((point: Data) => point as { p: number; revenue: number })
      .sort((a: { p: number }, b: { p: number }) => a.p - b.p);
    byP.forEach((point: { p: number; revenue: number }, index: number) => {
      if (revenues.length === 0) {
        if (point.revenue !== 0) problems.push(`quantile ${point.p} without users`);
        return;
      }
      if (!revenues.some((revenue) => closeTo(point.revenue, revenue))) {
        problems.push(`quantile ${point.p} = ${point.revenue} is no user's revenue`);
      }
      if (index > 0 && point.revenue < byP[index - 1].revenue) {
        problems.push(`quantile ${point.p} is below a lower quantile`);
      }
      if (point.p === 0 && !closeTo(point.revenue, revenues[0])) problems.push('p=0 is not min');
      if (point.p === 1 && !closeTo(point.revenue, revenues[revenues.length - 1])) {
        problems.push('p=1 is not max');
      }
    });
    const total = revenues.reduce((sum, revenue) => sum + revenue, 0);
    for (const point of answer.topShares as { percent: number; share: number }[]) {
      if (!(point.share >= 0 && point.share <= 1 + 1e-9)) problems.push(`share ${point.share}`);
      if (point.percent === 100 && total > 0 && !closeTo(point.share, 1)) {
        problems.push(`the top 100 % hold ${point.share}`);
      }
    }
    return problems;
  }

  it('Mutation.syncDays answers exactly or refuses with a code', async () => {
    await fuzz(
      'syncDays',
      'mutation ($range: DateRange!, $refresh: Boolean) { syncDays(range: $range, refresh: $refresh) { date state rows } }',
      fc.record({
        range: range(),
        refresh: fc.option(
          fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.boolean(), anyJson()),
          {
            nil: undefined,
          },
        ),
      }),
      (sent, data) => {
        const days = rangeDays(sent.range);
        if (!days) return [`accepted the range ${JSON.stringify(sent.range)}`];
        const expected = days.map((day) =>
          day > oracle.newest
            ? { date: day, state: 'PENDING', rows: null }
            : day < oracle.oldest
              ? { date: day, state: 'UNAVAILABLE', rows: null }
              : { date: day, state: 'LOADED', rows: oracle.matchingRows([day], null).length },
        );
        return sameProblem('syncDays', data.syncDays, expected);
      },
      Math.ceil(RUNS / 2),
    );
  });

  it('Mutation.exportSegment answers exactly or refuses with a code', async () => {
    await fuzz(
      'exportSegment',
      `mutation ($range: DateRange!, $filter: UserFilter!, $format: ExportFormat) {
        exportSegment(range: $range, filter: $filter, format: $format) {
          url users expiresAt coverage { loaded pending unavailable complete }
        }
      }`,
      fc.record({
        range: range(),
        filter: filter(),
        format: fc.option(hostileEnum(['CSV', 'NDJSON']), { nil: undefined }),
      }),
      (sent, data) => {
        const days = oracle.loadedIn(sent.range);
        if (!days) return [`accepted the range ${JSON.stringify(sent.range)}`];
        const answer = data.exportSegment;
        const problems = [
          ...sameProblem(
            'users',
            answer.users,
            oracle.ranking(days, 'REVENUE', sent.filter as SentFilter).length,
          ),
          ...sameProblem('coverage', answer.coverage, oracle.coverage(sent.range as never)),
        ];
        if (!/^https?:\/\//.test(answer.url)) problems.push(`url ${answer.url}`);
        if (!isRealDay(String(answer.expiresAt).slice(0, 10))) problems.push('expiresAt');
        return problems;
      },
    );
  });
});
