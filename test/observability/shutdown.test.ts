import { connect } from 'node:net';

import { startSimulator } from '../../src/simulator';
import { Store } from '../../src/store';
import { silentLogger } from '../../src/logging/logger';
import { parseScrape } from './prometheus-text';
import { startObservedService } from './observed-service';
import { until } from '../support/until';

// Noon has passed on 2026-11-28: 2026-11-16 through 2026-11-27 are pullable.
const NOW = '2026-11-28T13:00:00Z';
const DAY = '2026-11-27';
const PULL = 'mutation ($range: DateRange!) { syncDays(range: $range) { date state } }';

/** Whether a new TCP connection to `base` is refused. */
function refused(base: string): Promise<boolean> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Polls `check` every 10 ms until it holds; fails after `timeoutMs`. */
describe('service shutdown', () => {
  it('answers /readyz 503 during the shutdown delay while still serving requests', async () => {
    const rig = await startObservedService({ now: NOW, env: { LTV_SHUTDOWN_DELAY_MS: '1000' } });
    try {
      expect((await rig.get('/readyz')).status).toBe(200);

      const stopping = rig.stop();
      const ready = await rig.get('/readyz');
      const served = await rig.post({ query: '{ __typename }' });

      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({
        ready: false,
        checks: { shuttingDown: true },
      });
      expect(served.status).toBe(200);
      await stopping;
      expect(await refused(rig.base)).toBe(true);
      expect(rig.service.readiness.report().checks).toMatchObject({ store: false });
    } finally {
      await rig.close();
    }
  });

  it('lets a request in flight finish with 200 and refuses new connections meanwhile', async () => {
    // The file stays "not ready" for 1.5 s: the pull, and the request waiting for it, are slow.
    const rig = await startObservedService({ now: NOW, simulator: { readyAfterMs: 1_500 } });
    try {
      const inFlight = rig.post<{ data?: { syncDays: { date: string; state: string }[] } }>({
        query: PULL,
        variables: { range: { from: DAY, to: DAY } },
      });
      await until(() => rig.service.gateway.sync.pendingPulls() === 1);
      const scrape = parseScrape((await rig.get('/metrics')).body);
      expect(scrape.value('ltv_sync_pending_days')).toBe(1);

      let settled = false;
      void inFlight.finally(() => (settled = true));
      const stopping = rig.stop();
      await until(() => refused(rig.base));
      expect(settled).toBe(false);
      expect(rig.service.readiness.report().ready).toBe(false);

      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.body.data?.syncDays).toEqual([{ date: DAY, state: 'LOADED' }]);
      await stopping;
    } finally {
      await rig.close();
    }
  });

  it('leaves a running pull resumable: its job is not failed and the next start finishes it', async () => {
    const simulator = await startSimulator({ users: 200, seed: 5, readyAfterMs: 1_000 });
    const first = await startObservedService({
      now: NOW,
      store: 'file',
      existingSimulator: simulator,
    });
    try {
      const pull = first.service.gateway.sync.pull(DAY);
      await until(
        async () => (await first.service.gateway.store.syncJob(DAY))?.state === 'polling',
      );
      await first.stop();

      expect((await pull).state).toBe('failed');
      const stopped = parseScrape(first.service.gateway.metrics.render());
      expect(stopped.value('ltv_day_pulls_total', { outcome: 'stopped' })).toBe(1);
      const store = await Store.open({
        path: `${first.dataDir}/ltv.duckdb`,
        logger: silentLogger(),
      });
      const job = await store.syncJob(DAY).finally(() => store.close());
      expect(job).toMatchObject({ day: DAY, state: 'polling', errorCode: null });
      expect(job?.reportId).toEqual(expect.any(String));

      // The next start polls the saved URL: no new report request, and the day loads.
      const second = await startObservedService({
        now: NOW,
        store: 'file',
        existingSimulator: simulator,
        dataDir: first.dataDir,
      });
      try {
        await until(() => second.service.gateway.sync.storedDayCount() === 1);
        expect(simulator.counters.forDay(DAY).reportRequests).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
      await simulator.close();
    }
  });
});
