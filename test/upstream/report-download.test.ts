import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { dayCsv, type NotReadyAnswer } from '../../src/simulator';
import {
  createUpstreamClient,
  ReportNotReadyError,
  ReportUrlExpiredError,
  UpstreamDownloadError,
  type ReportTicket,
} from '../../src/upstream';
import { silentLogger } from '../../src/logging/logger';
import { DAY, USERS, startSimulatedUpstream, type SimulatedUpstream } from './simulated-upstream';

/** The day's file as the simulator generates it, computed here without HTTP. */
function expectedCsv(): Buffer {
  return Buffer.concat([...dayCsv({ users: USERS, seed: 1 }, DAY)]);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('upstream download (step 3) against the simulator', () => {
  let upstream: SimulatedUpstream;

  afterEach(async () => {
    await upstream.close();
  });

  it('stores the file with the size and sha256 of the bytes the simulator generates', async () => {
    upstream = await startSimulatedUpstream();
    const ticket = await upstream.client.requestReport(DAY);

    const report = await upstream.client.downloadReport(ticket, { directory: upstream.directory });

    const expected = expectedCsv();
    expect(report).toEqual({
      day: DAY,
      reportId: ticket.reportId,
      path: path.join(upstream.directory, `report-${DAY}-${ticket.reportId}.csv`),
      bytes: expected.length,
      sha256: sha256(expected),
      gzip: false,
    });
    expect(await readFile(report.path)).toEqual(expected);
    expect(await readdir(upstream.directory)).toEqual([path.basename(report.path)]);
  });

  it('logs the finished download at info level with day, bytes and duration', async () => {
    upstream = await startSimulatedUpstream();
    const ticket = await upstream.client.requestReport(DAY);
    const report = await upstream.client.downloadReport(ticket, { directory: upstream.directory });

    const line = upstream.logs.find((entry) => entry.msg === 'report file downloaded');
    expect(line).toMatchObject({ level: 30, module: 'upstream', day: DAY, bytes: report.bytes });
    expect(line?.durationMs).toEqual(expect.any(Number));
  });

  it('names a gzip file .csv.gz and keeps its compressed bytes', async () => {
    upstream = await startSimulatedUpstream({ gzip: true });
    const ticket = await upstream.client.requestReport(DAY);

    const report = await upstream.client.downloadReport(ticket, { directory: upstream.directory });

    expect(report.gzip).toBe(true);
    expect(report.path.endsWith(`${ticket.reportId}.csv.gz`)).toBe(true);
    const stored = await readFile(report.path);
    expect(stored.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(report.sha256).toBe(sha256(stored));
    expect(gunzipSync(stored)).toEqual(expectedCsv());
  });

  it.each<NotReadyAnswer>([404, 403, 'empty-200'])(
    'polls past the not-ready answer %p until the file is there',
    async (notReadyAnswer) => {
      upstream = await startSimulatedUpstream({ readyAfterMs: 60, notReadyAnswer });
      const ticket = await upstream.client.requestReport(DAY);

      const report = await upstream.client.downloadReport(ticket, {
        directory: upstream.directory,
      });

      expect(report.sha256).toBe(sha256(expectedCsv()));
      expect(upstream.simulator.counters.notReadyAnswers).toBeGreaterThan(0);
      expect(upstream.simulator.counters.downloadsCompleted).toBe(1);
      expect(await readdir(upstream.directory)).toHaveLength(1);
    },
  );

  it('fails with ReportNotReadyError when the file is still missing at the deadline', async () => {
    upstream = await startSimulatedUpstream({}, { poll: { baseDelayMs: 5, deadlineMs: 150 } });
    upstream.simulator.faults.neverReadyReports = 1;
    const ticket = await upstream.client.requestReport(DAY);

    const started = performance.now();
    const failure = upstream.client.downloadReport(ticket, { directory: upstream.directory });
    await expect(failure).rejects.toBeInstanceOf(ReportNotReadyError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_REPORT_NOT_READY',
      retryable: true,
      context: { step: 'download', day: DAY, reportId: ticket.reportId, status: 404 },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(upstream.simulator.counters.notReadyAnswers).toBeGreaterThan(1);
    expect(await readdir(upstream.directory)).toEqual([]);
  });

  it('fails with ReportUrlExpiredError, without a call, once the URL is 3 hours old', async () => {
    upstream = await startSimulatedUpstream();
    const ticket = await upstream.client.requestReport(DAY);
    upstream.simulator.clock.advance(3 * 3_600_000);

    const failure = upstream.client.downloadReport(ticket, { directory: upstream.directory });
    await expect(failure).rejects.toBeInstanceOf(ReportUrlExpiredError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_URL_EXPIRED',
      retryable: false,
      context: { step: 'download', day: DAY, reportId: ticket.reportId },
    });
    expect(upstream.simulator.counters.downloadRequests).toBe(0);
  });

  it('fails with ReportUrlExpiredError when the URL expires while polling', async () => {
    upstream = await startSimulatedUpstream({}, { poll: { baseDelayMs: 5, deadlineMs: 5_000 } });
    upstream.simulator.faults.neverReadyReports = 1;
    const ticket = await upstream.client.requestReport(DAY);
    const polls = (): number => upstream.calls.filter((call) => call.step === 'download').length;
    const advanceWhenPolled = setInterval(() => {
      if (polls() >= 3) upstream.simulator.clock.advance(3 * 3_600_000);
    }, 5);

    try {
      const failure = upstream.client.downloadReport(ticket, { directory: upstream.directory });
      await expect(failure).rejects.toBeInstanceOf(ReportUrlExpiredError);
    } finally {
      clearInterval(advanceWhenPolled);
    }
    expect(polls()).toBeGreaterThanOrEqual(3);
  });

  it('fails with a retryable download error on a reset mid-body and leaves no file', async () => {
    upstream = await startSimulatedUpstream();
    upstream.simulator.faults.resetDownloads = 1;
    upstream.simulator.faults.resetAfterBytes = 700;
    const ticket = await upstream.client.requestReport(DAY);

    const failure = upstream.client.downloadReport(ticket, { directory: upstream.directory });
    await expect(failure).rejects.toBeInstanceOf(UpstreamDownloadError);
    await expect(failure).rejects.toMatchObject({
      code: 'UPSTREAM_DOWNLOAD_FAILED',
      retryable: true,
      context: { step: 'download', day: DAY, status: 200 },
    });
    expect(expectedCsv().length).toBeGreaterThan(2 * 700); // the reset falls mid-body
    expect(upstream.simulator.counters.downloadsStarted).toBe(1);
    expect(await readdir(upstream.directory)).toEqual([]);

    // The same ticket downloads fine once the connection holds.
    const report = await upstream.client.downloadReport(ticket, { directory: upstream.directory });
    expect(report.sha256).toBe(sha256(expectedCsv()));
  });

  it('resumes from a persisted ticket in a new client, without a new report request', async () => {
    upstream = await startSimulatedUpstream({ readyAfterMs: 50 });
    const ticket = await upstream.client.requestReport(DAY);
    const persisted = JSON.parse(JSON.stringify(ticket)) as ReportTicket;
    await upstream.client.close();

    const restarted = createUpstreamClient({
      baseUrl: upstream.simulator.url,
      clientId: 'unused-after-restart',
      clientSecret: 'unused-after-restart',
      logger: silentLogger(),
      now: () => upstream.simulator.clock.now(),
      poll: { baseDelayMs: 5, maxDelayMs: 20, deadlineMs: 2_000 },
    });
    try {
      const report = await restarted.downloadReport(persisted, { directory: upstream.directory });
      expect(report.sha256).toBe(sha256(expectedCsv()));
    } finally {
      await restarted.close();
    }
    expect(upstream.simulator.counters.reportRequests).toBe(1);
    expect(upstream.simulator.counters.tokenRequests).toBe(1);
  });

  it('stops polling when the caller aborts', async () => {
    upstream = await startSimulatedUpstream({}, { poll: { baseDelayMs: 50, deadlineMs: 10_000 } });
    upstream.simulator.faults.neverReadyReports = 1;
    const ticket = await upstream.client.requestReport(DAY);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('sync cancelled')), 30);

    await expect(
      upstream.client.downloadReport(ticket, {
        directory: upstream.directory,
        signal: controller.signal,
      }),
    ).rejects.toThrow('sync cancelled');
  });
});

describe('upstream download from a file server that cuts the body short', () => {
  let server: Server;
  let directory: string;

  beforeAll(async () => {
    // Announces 1,000 bytes, sends 400, then closes the connection cleanly.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': 1_000 });
      res.write(Buffer.alloc(400, 'a'), () => res.socket?.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    directory = await mkdtemp(path.join(os.tmpdir(), 'ltv-upstream-short-'));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(directory, { recursive: true, force: true });
  });

  it('fails with a retryable download error and leaves no partial file', async () => {
    const { port } = server.address() as AddressInfo;
    const client = createUpstreamClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'id',
      clientSecret: 'secret',
      logger: silentLogger(),
    });
    const ticket: ReportTicket = {
      day: DAY,
      reportId: 'r-short',
      url: `http://127.0.0.1:${port}/files/r-short.csv?sig=abc`,
      requestedAt: new Date().toISOString(),
    };
    try {
      const failure = client.downloadReport(ticket, { directory });
      await expect(failure).rejects.toBeInstanceOf(UpstreamDownloadError);
      await expect(failure).rejects.toMatchObject({ retryable: true, context: { status: 200 } });
    } finally {
      await client.close();
    }
    expect(await readdir(directory)).toEqual([]);
  });
});
