import { foldHeaderName, mapColumns, type ReportField } from '../../src/store/column-aliases';
import { CsvHeaderError } from '../../src/store/errors';

const where = { day: '2026-11-28', csvPath: '/tmp/x.csv' };

describe('foldHeaderName', () => {
  it('ignores case, spaces and punctuation', () => {
    expect(foldHeaderName('Revenue (USD)')).toBe('revenueusd');
    expect(foldHeaderName('revenue_usd')).toBe('revenueusd');
    expect(foldHeaderName('  Publisher-User ID ')).toBe('publisheruserid');
  });
});

describe('mapColumns', () => {
  it.each([
    ['Revenue (USD)', 'revenue'],
    ['revenue_usd', 'revenue'],
    ['Revenue', 'revenue'],
    ['User ID', 'userId'],
    ['user_id', 'userId'],
    ['Publisher User ID', 'userId'],
    ['Advertising ID', 'advertisingId'],
    ['IDFA', 'advertisingId'],
    ['GAID', 'advertisingId'],
    ['advertising_id', 'advertisingId'],
    ['Device OS', 'deviceOs'],
    ['Platform', 'deviceOs'],
    ['os', 'deviceOs'],
    ['Fyber App ID', 'appId'],
    ['App ID', 'appId'],
    ['App Name', 'appName'],
    ['Country', 'country'],
    ['Date', 'date'],
    ['Impressions', 'impressions'],
    ['Clicks', 'clicks'],
    ['Conversions', 'conversions'],
  ])('maps header "%s" to %s', (name, field) => {
    const header =
      field === 'revenue'
        ? ['User ID', name]
        : field === 'userId' || field === 'advertisingId'
          ? [name, 'Revenue']
          : [name, 'User ID', 'Revenue'];
    const mapping = mapColumns(header, where);
    expect(mapping.columns[field as ReportField]).toEqual({
      index: header.indexOf(name),
      header: name,
    });
    expect(mapping.unknownColumns).toEqual([]);
  });

  it('records each field with its position and reports unknown columns in file order', () => {
    const mapping = mapColumns(['Ad Network', 'revenue', 'Placement', 'user_id'], where);
    expect(mapping.columns.revenue).toEqual({ index: 1, header: 'revenue' });
    expect(mapping.columns.userId).toEqual({ index: 3, header: 'user_id' });
    expect(mapping.unknownColumns).toEqual(['Ad Network', 'Placement']);
  });

  it('accepts an advertising id without a user id', () => {
    const mapping = mapColumns(['GAID', 'Revenue'], where);
    expect(mapping.columns.userId).toBeUndefined();
    expect(mapping.columns.advertisingId?.index).toBe(0);
  });

  it('rejects two headers that fold to the same name', () => {
    expect(() => mapColumns(['User ID', 'Revenue', 'user_id'], where)).toThrow(
      /repeats a column: "User ID" and "user_id"/,
    );
  });

  it('rejects two different aliases of the same field', () => {
    expect(() => mapColumns(['User ID', 'Publisher User ID', 'Revenue'], where)).toThrow(
      /two columns for the same field: "User ID" and "Publisher User ID"/,
    );
  });

  it('names the columns it found when revenue is missing', () => {
    const attempt = () => mapColumns(['Date', 'User ID', 'Impressions'], where);
    expect(attempt).toThrow(CsvHeaderError);
    expect(attempt).toThrow(
      'The header lacks revenue; columns found: "Date", "User ID", "Impressions".',
    );
  });

  it('names the columns it found when no user identifier is present', () => {
    expect(() => mapColumns(['Date', 'Revenue (USD)'], where)).toThrow(
      'The header lacks a user id or advertising id; columns found: "Date", "Revenue (USD)".',
    );
  });
});
