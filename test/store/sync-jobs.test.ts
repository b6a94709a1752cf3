import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { silentLogger } from '../../src/logging/logger';
import { Store, storeFilePath, type SyncJobInput } from '../../src/store';
import { openMemoryStore } from './store-fixtures';

const polling: SyncJobInput = {
  day: '2026-11-28',
  state: 'polling',
  reportId: 'rep-1',
  downloadUrl: 'https://files.example/report.csv?signature=abc',
  urlExpiresAt: '2026-11-29T15:00:00.000Z',
  attempts: 2,
  errorCode: null,
  errorMessage: null,
  updatedAt: '2026-11-29T12:00:00.000Z',
};

describe('Store sync jobs', () => {
  let store: Store;

  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(() => store.close());

  it('returns a saved job field for field', async () => {
    const saved = await store.saveSyncJob(polling);
    expect(saved).toEqual(polling);
    expect(await store.syncJob('2026-11-28')).toEqual(polling);
  });

  it('replaces the job of a day instead of adding a second one', async () => {
    await store.saveSyncJob(polling);
    const failed: SyncJobInput = {
      ...polling,
      state: 'failed',
      attempts: 3,
      errorCode: 'CSV_VALUE_INVALID',
      errorMessage: 'Column "Revenue (USD)" on line 4 holds "abc"',
      updatedAt: '2026-11-29T12:05:00.000Z',
    };
    await store.saveSyncJob(failed);
    expect(await store.syncJobs()).toEqual([failed]);
  });

  it('stamps updatedAt with the current time when not given', async () => {
    const before = Date.now();
    const { updatedAt: _stamp, ...withoutStamp } = polling;
    const saved = await store.saveSyncJob(withoutStamp);
    expect(Date.parse(saved.updatedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(saved.updatedAt)).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('lists jobs oldest day first, optionally by state', async () => {
    await store.saveSyncJob({ ...polling, day: '2026-11-27', state: 'loaded' });
    await store.saveSyncJob({ ...polling, day: '2026-11-26', state: 'downloading' });
    await store.saveSyncJob(polling);

    expect((await store.syncJobs()).map((j) => j.day)).toEqual([
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
    ]);
    const unfinished = await store.syncJobs({ states: ['requested', 'polling', 'downloading'] });
    expect(unfinished.map((j) => [j.day, j.state])).toEqual([
      ['2026-11-26', 'downloading'],
      ['2026-11-28', 'polling'],
    ]);
    expect(await store.syncJobs({ states: [] })).toEqual([]);
  });

  it('deletes a job', async () => {
    await store.saveSyncJob(polling);
    expect(await store.deleteSyncJob('2026-11-28')).toBe(true);
    expect(await store.deleteSyncJob('2026-11-28')).toBe(false);
    expect(await store.syncJob('2026-11-28')).toBeNull();
  });

  it('rejects an unknown state and a malformed timestamp', async () => {
    await expect(
      store.saveSyncJob({ ...polling, state: 'waiting' as SyncJobInput['state'] }),
    ).rejects.toThrow(/state "waiting" is not one of requested, polling/);
    await expect(store.saveSyncJob({ ...polling, urlExpiresAt: 'soon' })).rejects.toThrow(
      /urlExpiresAt "soon" is not an ISO 8601 timestamp/,
    );
  });
});

describe('Store sync jobs in a database file', () => {
  it('survive a restart, so polling can resume with the saved URL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ltv-store-jobs-'));
    const open = () => Store.open({ path: storeFilePath(dataDir), logger: silentLogger() });
    try {
      const before = await open();
      await before.saveSyncJob(polling);
      await before.close();

      const after = await open();
      try {
        expect(await after.syncJobs({ states: ['polling'] })).toEqual([polling]);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
