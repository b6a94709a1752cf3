import {
  dayAvailability,
  isPullable,
  pullableDays,
  pullableRange,
} from '../../src/availability/window';

describe('pullableDays', () => {
  it('holds T-12 to T-2 (11 days) before 12:00 UTC', () => {
    const days = pullableDays(new Date('2026-03-10T11:59:59.999Z'));
    expect(days).toHaveLength(11);
    expect(days[0]).toBe('2026-02-26');
    expect(days[10]).toBe('2026-03-08');
  });

  it('holds T-12 to T-1 (12 days) from 12:00 UTC', () => {
    const days = pullableDays(new Date('2026-03-10T12:00:00.000Z'));
    expect(days).toHaveLength(12);
    expect(days[0]).toBe('2026-02-26');
    expect(days[11]).toBe('2026-03-09');
  });

  it('shifts the whole window at midnight UTC', () => {
    expect(pullableRange(new Date('2026-03-10T23:59:59.999Z'))).toEqual({
      oldest: '2026-02-26',
      newest: '2026-03-09',
    });
    expect(pullableRange(new Date('2026-03-11T00:00:00.000Z'))).toEqual({
      oldest: '2026-02-27',
      newest: '2026-03-09',
    });
  });

  it('follows a configured window length and hour', () => {
    const rule = { windowDays: 3, availableHourUtc: 6.5 };
    expect(pullableDays(new Date('2026-03-10T06:29:00Z'), rule)).toEqual([
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(pullableDays(new Date('2026-03-10T06:30:00Z'), rule)).toEqual([
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ]);
  });
});

describe('isPullable and dayAvailability', () => {
  const beforeNoon = new Date('2026-03-10T09:00:00Z');
  const afterNoon = new Date('2026-03-10T15:00:00Z');

  it.each([
    ['2026-02-25', 'gone', 'gone'],
    ['2026-02-26', 'pullable', 'pullable'],
    ['2026-03-08', 'pullable', 'pullable'],
    ['2026-03-09', 'not-yet', 'pullable'],
    ['2026-03-10', 'not-yet', 'not-yet'],
    ['2026-12-01', 'not-yet', 'not-yet'],
  ])('classifies %s as %s before noon and %s after', (day, before, after) => {
    expect(dayAvailability(day, beforeNoon)).toBe(before);
    expect(dayAvailability(day, afterNoon)).toBe(after);
    expect(isPullable(day, afterNoon)).toBe(after === 'pullable');
  });

  it('throws on a malformed day instead of guessing', () => {
    expect(() => isPullable('2026-3-9', afterNoon)).toThrow('Invalid day "2026-3-9"');
  });
});
