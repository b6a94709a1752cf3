import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { FileDefects } from '../csv/day-csv';
import { fileStreams, hasDefects } from '../file-bytes';
import type { CachedFile } from '../file-cache';
import type { SimulatorState } from '../state';
import { sendError } from './io';

/** Read size of a cached file: larger than the stream default, fewer writes to the socket. */
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * GET /files/<id>.csv[.gz]?expires=…&sig=…: the pre-signed download, no Authorization. Answers
 * 404 for an unknown file, 403 for a bad signature or once the URL has expired (3 h after the
 * report request, on the simulator's clock), the configured not-ready answer until the file is
 * ready (on real time), then the day's CSV: generated while it streams (chunked), or, with a
 * file cache, streamed from the finished file on disk with a Content-Length. A gzip simulator
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

  // A fault that changes the content gets a file generated for this download alone, which never
  // touches the cache; a reset is a transport fault, applied to whichever bytes are sent.
  const cached = hasDefects(defects) ? undefined : await openCachedFile(state, report.day);

  counters.downloadsStarted += 1;
  counters.countDay(report.day, 'downloadsStarted');
  const headers: OutgoingHttpHeaders = {
    'content-type': report.gzip ? 'application/gzip' : 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
  };
  if (cached !== undefined) headers['content-length'] = cached.bytes;
  res.writeHead(200, headers);
  const started = performance.now();
  const stages: NodeJS.ReadWriteStream[] = [];
  if (resetAfterBytes !== undefined) stages.push(resetAfter(req, resetAfterBytes));
  const source =
    cached === undefined
      ? fileStreams(options, report.day, report.gzip, defects)
      : [readWhole(cached)];
  try {
    await pipeline([...source, ...stages, res]);
  } catch (error) {
    state.logger.debug({ day: report.day, reportId: report.id, err: error }, 'download aborted');
    return;
  }
  counters.downloadsCompleted += 1;
  counters.countDay(report.day, 'downloadsCompleted');
  state.logger.debug(
    {
      day: report.day,
      reportId: report.id,
      cached: cached !== undefined,
      durationMs: Math.round(performance.now() - started),
    },
    'file served',
  );
}

/**
 * The day's finished file from the cache, waiting for its render if needed; undefined when the
 * simulator has no cache, or when the cache fails (the download then generates its file, as
 * without a cache, so a full disk degrades speed and not answers).
 */
async function openCachedFile(state: SimulatorState, day: string): Promise<CachedFile | undefined> {
  if (state.fileCache === undefined) return undefined;
  try {
    return await state.fileCache.open(day);
  } catch (error) {
    state.logger.warn(
      { day, err: error },
      'cached file unavailable, generating it for this download',
    );
    return undefined;
  }
}

/**
 * A stream of the cached file's bytes, which closes the file when done. It stops at the length
 * the Content-Length announced rather than at the end-of-file read, so the response ends (and
 * counts as completed) as soon as its last byte is written, not one disk read later.
 */
function readWhole(file: CachedFile): NodeJS.ReadableStream {
  const end = Math.max(0, file.bytes - 1);
  return file.handle.createReadStream({ start: 0, end, highWaterMark: READ_CHUNK_BYTES });
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
