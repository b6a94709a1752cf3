import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

import { dayCsv, type DayCsvOptions, type FileDefects } from './csv/day-csv';

/**
 * The streams that produce the bytes a download of `day` serves: the day's CSV generated as it
 * is read, then gzip (level 1) when the simulator serves `.csv.gz`. A download that generates
 * its file and a render into the file cache both use it, so their bytes are identical.
 */
export function fileStreams(
  options: DayCsvOptions,
  day: string,
  gzip: boolean,
  defects: FileDefects = {},
): [Readable, ...NodeJS.ReadWriteStream[]] {
  const source = Readable.from(dayCsv(options, day, defects));
  // Level 1: the vendor's file is a plain CSV; gzip here only has to make the body smaller.
  return gzip ? [source, createGzip({ level: 1 })] : [source];
}

/** Whether `defects` changes a file's bytes; such a download never uses the file cache. */
export function hasDefects(defects: FileDefects): boolean {
  return (
    defects.malformedRow === true ||
    defects.dropColumn !== undefined ||
    defects.truncateAfterRows !== undefined
  );
}
