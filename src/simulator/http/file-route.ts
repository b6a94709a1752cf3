import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

import { dayCsv, type FileDefects } from '../csv/day-csv';
import type { SimulatorState } from '../state';
import { sendError } from './io';

/**
 * GET /files/<id>.csv[.gz]?expires=…&sig=…: the pre-signed download, no Authorization. Answers
 * 404 for an unknown file, 403 for a bad signature or once the URL has expired (3 h after the
 * report request, on the simulator's clock), the configured not-ready answer until the file is
 * ready (on real time), then the day's CSV, generated while it streams. A gzip simulator
 * serves the gzip file itself (`application/gzip`), not a Content-Encoding.
 */
export async function handleFileRequest(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { counters, faults, options } = state;
  counters.downloadRequests += 1;
  const fileName = url.pathname.slice('/files/'.length);
  const report = state.reports.findByFileName(fileName);
  if (report === undefined) {
    sendError(res, 404, 'not_found', `No report file is named ${JSON.stringify(fileName)}.`);
    return;
  }
  if (!state.reports.verify(report, url.searchParams)) {
    sendError(
      res,
      403,
      'signature_mismatch',
      'The URL signature does not match; use the URL exactly as returned.',
    );
    return;
  }
  if (state.clock.nowMs() >= report.expiresAtMs) {
    counters.expiredAnswers += 1;
    const expiredAt = new Date(report.expiresAtMs).toISOString();
    sendError(
      res,
      403,
      'expired',
      `This download URL expired at ${expiredAt}; request the report again.`,
    );
    return;
  }
  if (performance.now() < report.readyAtMonotonicMs) {
    counters.notReadyAnswers += 1;
    if (options.notReadyAnswer === 'empty-200') res.writeHead(200, { 'content-length': 0 }).end();
    else
      sendError(
        res,
        options.notReadyAnswer,
        'not_ready',
        'The report file is not ready yet; poll again later.',
      );
    return;
  }

  // Faults are taken in a fixed order so that combined switches behave predictably.
  const defects: FileDefects = {};
  if (faults.take('malformedDownloads')) defects.malformedRow = true;
  if (faults.take('missingColumnDownloads')) defects.dropColumn = faults.missingColumn;
  if (faults.take('truncatedDownloads')) defects.truncateAfterRows = faults.truncateAfterRows;
  const resetAfterBytes = faults.take('resetDownloads') ? faults.resetAfterBytes : undefined;

  counters.downloadsStarted += 1;
  counters.countDay(report.day, 'downloadsStarted');
  res.writeHead(200, {
    'content-type': report.gzip ? 'application/gzip' : 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
  });
  const started = performance.now();
  const source = Readable.from(dayCsv(options, report.day, defects));
  const stages: NodeJS.ReadWriteStream[] = report.gzip ? [createGzip({ level: 1 })] : [];
  if (resetAfterBytes !== undefined) stages.push(resetAfter(req, resetAfterBytes));
  try {
    await pipeline([source, ...stages, res]);
  } catch (error) {
    state.logger.debug({ day: report.day, reportId: report.id, err: error }, 'download aborted');
    return;
  }
  counters.downloadsCompleted += 1;
  counters.countDay(report.day, 'downloadsCompleted');
  state.logger.debug(
    { day: report.day, reportId: report.id, durationMs: Math.round(performance.now() - started) },
    'file served',
  );
}

/**
 * Passes `bytes` bytes through, then resets the TCP connection (RST), as a dropped network
 * link looks to the client: headers and some body arrive, then the socket errors.
 */
function resetAfter(req: IncomingMessage, bytes: number): Transform {
  let passed = 0;
  // Give the bytes a moment to leave before the reset, which discards unsent data.
  const reset = () => setTimeout(() => req.socket.resetAndDestroy(), 50);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (passed >= bytes) return callback();
      const part = chunk.subarray(0, bytes - passed);
      passed += part.length;
      if (passed < bytes) return callback(null, part);
      this.push(part);
      reset();
      return callback();
    },
    // A file shorter than `bytes` is sent whole, but its end never arrives.
    flush() {
      if (passed < bytes) reset();
    },
  });
}
