import { parseRetryAfterMs } from '../../src/upstream/retry-after';

describe('parseRetryAfterMs', () => {
  const nowMs = Date.UTC(2026, 10, 28, 12, 0, 0);

  it('reads whole seconds as milliseconds', () => {
    expect(parseRetryAfterMs('3', nowMs)).toBe(3_000);
    expect(parseRetryAfterMs(' 0 ', nowMs)).toBe(0);
  });

  it('reads an HTTP-date as the time left until it on the given clock', () => {
    expect(parseRetryAfterMs('Sat, 28 Nov 2026 12:00:07 GMT', nowMs)).toBe(7_000);
  });

  it('treats an HTTP-date in the past as no wait', () => {
    expect(parseRetryAfterMs('Sat, 28 Nov 2026 11:59:00 GMT', nowMs)).toBe(0);
  });

  it('takes the first value when the header is repeated', () => {
    expect(parseRetryAfterMs(['2', '9'], nowMs)).toBe(2_000);
  });

  it.each([undefined, '', '-1', '1.5', 'soon', '+3'])('ignores %p', (header) => {
    expect(parseRetryAfterMs(header, nowMs)).toBeUndefined();
  });
});
