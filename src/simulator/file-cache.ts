import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { LtvError } from '../errors/ltv-error';
import type { Logger } from '../logging/logger';
import type { SimulatorCounters } from './counters';
import type { DayCsvOptions } from './csv/day-csv';
import { fileStreams } from './file-bytes';

/**
 * Part of every cached file's name. Bump it whenever dayCsv's output changes, so that files
 * rendered by an older generator are never served by a newer one.
 */
const FILE_FORMAT = 1;

/** What the cached files depend on: the population, the columns and the compression. */
export interface FileCacheSettings extends DayCsvOptions {
  gzip: boolean;
}

/** A finished file opened for reading, and its length in bytes. The caller closes it. */
export interface CachedFile {
  readonly handle: FileHandle;
  readonly bytes: number;
}

/** Thrown by DayFileCache.open when a render reported success but left no file to open. */
export class CachedFileMissingError extends LtvError {
  constructor(path: string) {
    super('SIMULATOR_CACHED_FILE_MISSING', `The rendered file ${JSON.stringify(path)} is gone.`, {
      context: { path },
    });
  }
}

/**
 * The finished files of one simulator's population, each rendered once into a directory and
 * then read from disk, as the vendor serves a file it prepared. A file is written under a
 * temporary name and renamed once complete, so a render that fails, is aborted or dies with its
 * process never leaves a file under a final name: whatever is there is whole. Requests for a
 * day already rendering share that render. Files are named by day, population, seed, columns
 * and compression, so simulators of different populations can share a directory.
 */
export class DayFileCache {
  private readonly renders = new Map<string, Promise<void>>();
  private readonly aborter = new AbortController();
  private readonly digest: string;

  constructor(
    private readonly dir: string,
    private readonly settings: FileCacheSettings,
    private readonly counters: SimulatorCounters,
    private readonly logger: Logger,
  ) {
    const { users, seed, columns } = settings;
    this.digest = createHash('sha256')
      .update(JSON.stringify([FILE_FORMAT, users, String(seed), columns ?? null]))
      .digest('hex')
      .slice(0, 16);
  }

  /** Where `day`'s finished file lives ('YYYY-MM-DD', UTC), whether or not it exists yet. */
  pathOf(day: string): string {
    const extension = this.settings.gzip ? 'csv.gz' : 'csv';
    return join(this.dir, `${day}-${this.settings.users}u-${this.digest}.${extension}`);
  }

  /**
   * Starts rendering `day`'s file in the background unless it is on disk or rendering already.
   * A failure is logged, not thrown; the next open() tries again.
   */
  prepare(day: string): void {
    this.render(day).catch((error: unknown) => {
      this.logger.warn({ day, err: error }, 'file render failed');
    });
  }

  /**
   * Opens `day`'s finished file, after rendering it (or waiting for the render in flight) when
   * it is not on disk yet. Rejects when the render fails or the cache is closed meanwhile.
   */
  async open(day: string): Promise<CachedFile> {
    const path = this.pathOf(day);
    const present = await openIfPresent(path);
    if (present !== undefined) return present;
    await this.render(day);
    const rendered = await openIfPresent(path);
    if (rendered === undefined) throw new CachedFileMissingError(path);
    return rendered;
  }

  /** Aborts the renders in flight and resolves once their temporary files are removed. */
  async close(): Promise<void> {
    this.aborter.abort();
    await Promise.allSettled(this.renders.values());
  }

  private render(day: string): Promise<void> {
    let running = this.renders.get(day);
    if (running === undefined) {
      running = this.renderOnce(day).finally(() => this.renders.delete(day));
      this.renders.set(day, running);
    }
    return running;
  }

  private async renderOnce(day: string): Promise<void> {
    const path = this.pathOf(day);
    const present = await openIfPresent(path);
    if (present !== undefined) return present.handle.close();

    const started = performance.now();
    const streams = fileStreams(this.settings, day, this.settings.gzip);
    const bytes = await writeWholeFile(path, streams, this.aborter.signal);
    this.counters.filesRendered += 1;
    const durationMs = Math.round(performance.now() - started);
    this.logger.debug({ day, bytes, durationMs }, 'file rendered');
  }
}

/**
 * Writes what `streams` produce to `path` through a temporary file beside it (same directory,
 * so the rename is atomic), renamed to `path` once every byte is written and the file closed.
 * So `path` either is absent or holds the whole file, even if the process is killed midway.
 * On an error or abort the temporary file is removed and the error rethrown. Resolves with the
 * file's length in bytes. Not yet: no fsync before the rename, so a power loss (unlike a killed
 * process) could leave a short file; a simulator does not need to survive one.
 */
export async function writeWholeFile(
  path: string,
  streams: [Readable, ...NodeJS.ReadWriteStream[]],
  signal?: AbortSignal,
): Promise<number> {
  const temporary = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  const out = createWriteStream(temporary, { flags: 'wx' });
  try {
    await pipeline([...streams, out], signal === undefined ? {} : { signal });
    await rename(temporary, path);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  return out.bytesWritten;
}

async function openIfPresent(path: string): Promise<CachedFile | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return { handle, bytes: (await handle.stat()).size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
