import { dayCsv, type DayCsvOptions } from '../../src/simulator';
import { collect } from './helpers';

const HEADER =
  'Date,App ID,App Name,User ID,Advertising ID,Device OS,Country,Revenue (USD),Impressions,Clicks,Conversions';
const MASKED = 'aggregated masked user level revenue';
const options: DayCsvOptions = { users: 2_000, seed: 42 };

/** One parsed data row; fields split on commas outside quotes, quotes kept as written. */
interface Row {
  date: string;
  appId: string;
  appName: string;
  userId: string;
  advertisingId: string;
  os: string;
  country: string;
  revenue: string;
  impressions: number;
  clicks: number;
  conversions: number;
}

function fileText(day: string, opts: DayCsvOptions = options): string {
  return collect(dayCsv(opts, day)).toString('utf8');
}

function rowsOf(text: string): Row[] {
  return text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => {
      const f = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      return {
        date: f[0],
        appId: f[1],
        appName: f[2],
        userId: f[3],
        advertisingId: f[4],
        os: f[5],
        country: f[6],
        revenue: f[7],
        impressions: Number(f[8]),
        clicks: Number(f[9]),
        conversions: Number(f[10]),
      };
    });
}

describe('dayCsv', () => {
  const day = '2026-03-09';
  const text = fileText(day);
  const rows = rowsOf(text);
  const userRows = rows.filter((row) => row.userId !== MASKED);

  it('starts with the default header and ends every line with LF', () => {
    expect(text.startsWith(`${HEADER}\n`)).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
  });

  it('gives the same bytes for the same seed and day, different bytes otherwise', () => {
    const again = collect(dayCsv({ ...options }, day));
    expect(again.equals(Buffer.from(text))).toBe(true);
    expect(fileText('2026-03-08')).not.toBe(text);
    expect(fileText(day, { ...options, seed: 43 })).not.toBe(text);
  });

  it('writes about 40 % of the population as rows', () => {
    expect(userRows.length).toBeGreaterThan(0.3 * options.users);
    expect(userRows.length).toBeLessThan(0.5 * options.users);
  });

  it('holds exactly one masked row, last, with no ids and positive revenue', () => {
    const masked = rows.filter((row) => row.userId.toLowerCase() === MASKED);
    expect(masked).toHaveLength(1);
    expect(rows[rows.length - 1]).toBe(masked[0]);
    expect(masked[0].advertisingId).toBe('""');
    expect(Number(masked[0].revenue)).toBeGreaterThan(0);
  });

  it('writes the report day on every row, platforms lowercase, countries as alpha-2', () => {
    for (const row of rows) expect(row.date).toBe(day);
    for (const row of userRows) {
      expect(['android', 'ios']).toContain(row.os);
      expect(row.country).toMatch(/^[A-Z]{2}$/);
      expect(row.appId).toMatch(/^\d+$/);
    }
    expect(new Set(userRows.map((row) => row.os)).size).toBe(2);
    expect(new Set(userRows.map((row) => row.appId)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(userRows.map((row) => row.country)).size).toBeGreaterThanOrEqual(8);
  });

  it('quotes an app name that holds a comma', () => {
    expect(userRows.some((row) => /^".*,.*"$/.test(row.appName))).toBe(true);
  });

  it('has user ids with leading zeros, and rows with only an advertising id', () => {
    expect(userRows.some((row) => /^0\d+$/.test(row.userId))).toBe(true);
    const anonymous = userRows.filter((row) => row.userId === '""');
    expect(anonymous.length).toBeGreaterThan(0);
    for (const row of anonymous) expect(row.advertisingId).toMatch(/^[0-9a-fA-F-]{36}$/);
    for (const row of userRows)
      expect(row.userId !== '""' || row.advertisingId !== '""').toBe(true);
  });

  it('keeps clicks within impressions and conversions within clicks', () => {
    for (const row of userRows) {
      expect(row.impressions).toBeGreaterThanOrEqual(1);
      expect(row.clicks).toBeLessThanOrEqual(row.impressions);
      expect(row.conversions).toBeLessThanOrEqual(row.clicks);
    }
  });

  it('writes revenue as JavaScript prints a double, binary noise included', () => {
    for (const row of userRows) expect(String(Number(row.revenue))).toBe(row.revenue);
    const noisy = userRows.filter((row) => row.revenue.replace(/^0\.0*/, '').length >= 15);
    expect(noisy.length).toBeGreaterThan(userRows.length / 2);
  });

  it('prices impressions by country: a US impression earns more than an Indian one', () => {
    const perImpression = (country: string) => {
      const plain = userRows.filter((row) => row.country === country && row.conversions === 0);
      const revenue = plain.reduce((sum, row) => sum + Number(row.revenue), 0);
      return revenue / plain.reduce((sum, row) => sum + row.impressions, 0);
    };
    expect(perImpression('US')).toBeGreaterThan(5 * perImpression('IN'));
  });

  it('is heavy-tailed: the top 5 % of rows earn more than the bottom half', () => {
    const revenues = userRows.map((row) => Number(row.revenue)).sort((a, b) => b - a);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const top = sum(revenues.slice(0, Math.ceil(revenues.length * 0.05)));
    const bottom = sum(revenues.slice(Math.floor(revenues.length / 2)));
    expect(top).toBeGreaterThan(bottom);
  });

  it('gives a user more than one row only in different apps', () => {
    const seen = new Map<string, Set<string>>();
    for (const row of userRows) {
      const user = `${row.userId}|${row.advertisingId}`;
      const apps = seen.get(user) ?? new Set<string>();
      expect(apps.has(row.appId)).toBe(false);
      apps.add(row.appId);
      seen.set(user, apps);
    }
    expect([...seen.values()].some((apps) => apps.size > 1)).toBe(true);
  });

  it('keeps ids stable across days: many of today’s users come back tomorrow', () => {
    const idsOf = (rowsOfDay: Row[]) =>
      new Set(
        rowsOfDay
          .filter((row) => row.userId !== MASKED)
          .map((row) => `${row.userId}|${row.advertisingId}`),
      );
    const today = idsOf(userRows);
    const tomorrow = idsOf(rowsOf(fileText('2026-03-10')));
    const returning = [...today].filter((id) => tomorrow.has(id)).length;
    expect(returning / today.size).toBeGreaterThan(0.3);
    expect(returning / today.size).toBeLessThan(0.95);
  });

  it('keeps a steady volume from day to day and year to year', () => {
    for (const other of ['2026-03-10', '2027-11-30', '2031-06-01']) {
      const count = rowsOf(fileText(other)).length;
      expect(Math.abs(count - rows.length) / rows.length).toBeLessThan(0.1);
    }
  });

  it('follows a configured column list', () => {
    const custom = fileText(day, {
      ...options,
      columns: [
        { field: 'userId', header: 'user_id' },
        { field: 'revenue', header: 'revenue_usd' },
      ],
    });
    const lines = custom.trimEnd().split('\n');
    expect(lines[0]).toBe('user_id,revenue_usd');
    expect(lines[1]).toBe(`${userRows[0].userId},${userRows[0].revenue}`);
  });

  it('writes only a header and the masked row for an empty population', () => {
    const lines = fileText(day, { ...options, users: 0 })
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(MASKED);
  });

  it('throws on a malformed day before anything is read', () => {
    expect(() => dayCsv(options, '2026-3-9')).toThrow('Invalid day "2026-3-9"');
  });

  it('streams in chunks of about 64 KiB', () => {
    const chunks = [...dayCsv({ users: 10_000, seed: 1 }, day)];
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThan(80 * 1024);
  });

  describe('defects', () => {
    it('truncates halfway through the line after truncateAfterRows rows', () => {
      const cut = collect(dayCsv(options, day, { truncateAfterRows: 2 })).toString();
      const lines = text.split('\n');
      expect(text.startsWith(cut)).toBe(true);
      expect(cut.length).toBeGreaterThan(lines.slice(0, 3).join('\n').length + 1);
      expect(cut.length).toBeLessThan(lines.slice(0, 4).join('\n').length);
    });

    it('cuts the last line of a file shorter than truncateAfterRows', () => {
      const full = fileText(day, { users: 3, seed: 1 });
      const cut = collect(
        dayCsv({ users: 3, seed: 1 }, day, { truncateAfterRows: 100 }),
      ).toString();
      expect(full.startsWith(cut)).toBe(true);
      expect(cut.endsWith('\n')).toBe(false);
      expect(cut.split('\n')).toHaveLength(full.trimEnd().split('\n').length);
    });
  });
});
