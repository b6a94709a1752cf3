import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves once `check` holds, polling every 10 ms; rejects after `timeoutMs`. For what a server
 * records just after the client has its answer (a counter bumped when the response finishes).
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Condition not met in time.');
    await sleep(10);
  }
}
