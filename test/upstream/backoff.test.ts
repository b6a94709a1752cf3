import { backoffDelayMs, sleep } from '../../src/upstream/backoff';

describe('backoffDelayMs', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the ceiling with each attempt and stays in its upper half', () => {
    // Ceilings for attempts 1-4 are 100, 200, 400, 800 ms.
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 0.999999)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(200);
    expect(backoffDelayMs(4, policy, () => 0.5)).toBe(600);
  });

  it('never exceeds the maximum delay, however many attempts failed', () => {
    expect(backoffDelayMs(40, policy, () => 0.999999)).toBe(1_000);
    expect(backoffDelayMs(2_000, policy, () => 0)).toBe(500);
  });

  it('spreads concurrent callers with jitter', () => {
    const draws = [0.1, 0.4, 0.9];
    const delays = draws.map((u) => backoffDelayMs(2, policy, () => u));
    expect(new Set(delays).size).toBe(3);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });
});

describe('sleep', () => {
  it('resolves after the wait', async () => {
    const started = Date.now();
    await sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by caller');
    const waiting = sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('rejects at once for a signal that already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
