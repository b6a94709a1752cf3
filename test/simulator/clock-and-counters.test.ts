import { SimulatorClock, SimulatorCounters } from '../../src/simulator';

describe('SimulatorClock', () => {
  it('follows its base clock plus any advance until pinned', () => {
    let base = Date.parse('2026-03-10T10:00:00Z');
    const clock = new SimulatorClock(() => new Date(base));

    clock.advance(60_000);
    base += 1_000;
    expect(clock.now().toISOString()).toBe('2026-03-10T10:01:01.000Z');

    clock.set('2026-03-10T12:00:00Z');
    base += 1_000;
    clock.advance(500);
    expect(clock.now().toISOString()).toBe('2026-03-10T12:00:00.500Z');

    clock.release();
    expect(clock.now().toISOString()).toBe('2026-03-10T10:00:02.000Z');
  });
});

describe('SimulatorCounters', () => {
  it('tallies per day and resets to zero', () => {
    const counters = new SimulatorCounters();
    counters.countDay('2026-03-09', 'reportRequests');
    counters.countDay('2026-03-09', 'reportRequests');
    counters.countDay('2026-03-01', 'downloadsStarted');
    counters.tokenRequests = 3;

    expect(counters.forDay('2026-03-09')).toEqual({
      reportRequests: 2,
      reportsCreated: 0,
      downloadsStarted: 0,
      downloadsCompleted: 0,
    });
    expect(counters.daysAsked()).toEqual(['2026-03-01', '2026-03-09']);

    counters.reset();
    expect(counters.tokenRequests).toBe(0);
    expect(counters.daysAsked()).toEqual([]);
    expect(counters.forDay('2026-03-09').reportRequests).toBe(0);
  });
});
