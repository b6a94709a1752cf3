/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3) as a wait in milliseconds: either whole
 * seconds, or an HTTP-date compared with `nowMs` (the client's clock, epoch milliseconds). A date
 * in the past means no wait. Returns undefined when the header is absent or unreadable, so the
 * caller falls back to its own backoff.
 */
export function parseRetryAfterMs(
  header: string | string[] | undefined,
  nowMs: number,
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;

  if (/^\d+$/.test(value)) return Number(value) * 1000;

  // Date.parse also accepts loose forms; requiring a letter-led day name or month keeps plain
  // numbers with signs or fractions (not allowed by the RFC) from being read as dates.
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
