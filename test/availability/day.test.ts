import {
  addDays,
  addDaysUpToLast,
  dayNumber,
  dayOf,
  daysBetween,
  eachDay,
  InvalidDayError,
  isDay,
  parseDay,
} from '../../src/availability/day';

describe('isDay', () => {
  it.each(['2026-03-09', '2024-02-29', '1970-01-01', '9999-12-31'])('accepts %s', (value) => {
    expect(isDay(value)).toBe(true);
  });

  it.each([
    '2026-3-9',
    '2026-03-09T00:00:00Z',
    ' 2026-03-09',
    '2026/03/09',
    '2025-02-29',
    '2026-13-01',
    '2026-04-31',
    '0999-01-01',
    'XXXXX',
    '',
    20260309,
    undefined,
  ])('rejects %p', (value) => {
    expect(isDay(value)).toBe(false);
  });
});

describe('parseDay', () => {
  it('returns a valid day unchanged', () => {
    expect(parseDay('2026-03-09')).toBe('2026-03-09');
  });

  it('throws InvalidDayError quoting the value', () => {
    expect(() => parseDay('2026-02-30')).toThrow(InvalidDayError);
    expect(() => parseDay('2026-02-30')).toThrow(
      'Invalid day "2026-02-30": expected a UTC day as YYYY-MM-DD.',
    );
  });
});

describe('day arithmetic', () => {
  it('numbers days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-02-01')).toBe(31);
    expect(dayNumber('1969-12-31')).toBe(-1);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-10', -12)).toBe('2026-02-26');
  });

  it('counts the days between two days, negative when the second is earlier', () => {
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysBetween('2026-02-26', '2026-03-10')).toBe(12);
    expect(daysBetween('2026-03-10', '2026-02-26')).toBe(-12);
  });

  it('lists each day of an inclusive range, empty when reversed', () => {
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(eachDay('2026-03-02', '2026-03-02')).toEqual(['2026-03-02']);
    expect(eachDay('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('takes the UTC day of an instant, whatever the local zone', () => {
    expect(dayOf(new Date('2026-03-09T23:59:59.999Z'))).toBe('2026-03-09');
    expect(dayOf(new Date('2026-03-10T00:30:00+01:00'))).toBe('2026-03-09');
    expect(dayOf(Date.UTC(2026, 2, 10))).toBe('2026-03-10');
  });
});

describe('addDaysUpToLast', () => {
  it('adds days like addDays until the sum would pass 9999-12-31, then answers that day', () => {
    expect(addDaysUpToLast('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysUpToLast('9999-12-30', 1)).toBe('9999-12-31');
    expect(addDaysUpToLast('9999-12-30', 2)).toBe('9999-12-31');
    expect(addDaysUpToLast('9999-01-01', 10_000)).toBe('9999-12-31');
  });
});

describe('the memo of days already seen', () => {
  it('answers as the calendar does across more days than it keeps, and never learns a bad day', () => {
    // 10,000 days: more than the memo holds, so it is emptied and refilled on the way.
    const days = eachDay('2000-01-01', addDays('2000-01-01', 9_999));
    expect(days).toHaveLength(10_000);
    days.forEach((day, index) => {
      const ms = Date.UTC(2000, 0, 1 + index);
      expect(day).toBe(new Date(ms).toISOString().slice(0, 10));
      expect(isDay(day)).toBe(true);
      expect(dayOf(ms + 86_399_999)).toBe(day);
    });
    for (const bad of ['2001-02-29', '2000-13-01', '2000-00-10', '2000-1-01', ' 2000-01-01']) {
      expect(isDay(bad)).toBe(false);
      expect(isDay(bad)).toBe(false);
    }
    expect(() => dayOf(Number.NaN)).toThrow(RangeError);
    expect(() => dayOf(Number.NaN)).toThrow(RangeError);
  });
});
