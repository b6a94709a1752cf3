import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { detectCompression, readFirstLine, splitCsvLine } from '../../src/store/csv-header';
import { FixtureDir } from './store-fixtures';

describe('splitCsvLine', () => {
  it('splits on commas outside quotes and unescapes doubled quotes', () => {
    expect(splitCsvLine('a,"b, c","say ""hi""",,d')).toEqual(['a', 'b, c', 'say "hi"', '', 'd']);
  });

  it('keeps an empty last field after a trailing comma', () => {
    expect(splitCsvLine('a,b,')).toEqual(['a', 'b', '']);
  });
});

describe('readFirstLine', () => {
  const dir = new FixtureDir();
  afterAll(() => dir.cleanup());

  const write = (name: string, content: string | Buffer) => {
    const file = join(dir.path, name);
    writeFileSync(file, content);
    return file;
  };

  it('returns the header of a plain file without its line ending', async () => {
    const file = write('plain.csv', 'Date,Revenue\r\n2026-11-28,1\r\n');
    expect(await detectCompression(file)).toBe('none');
    expect(await readFirstLine(file, 'none')).toBe('Date,Revenue');
  });

  it('decompresses a gzip file, whatever its name', async () => {
    const file = write('download.bin', gzipSync('User ID,Revenue\n1,2\n'));
    expect(await detectCompression(file)).toBe('gzip');
    expect(await readFirstLine(file, 'gzip')).toBe('User ID,Revenue');
  });

  it('drops a UTF-8 byte order mark', async () => {
    const file = write('bom.csv', '\ufeffUser ID,Revenue\n');
    expect(await readFirstLine(file, 'none')).toBe('User ID,Revenue');
  });

  it('reads a header without a final newline', async () => {
    expect(await readFirstLine(write('bare.csv', 'User ID,Revenue'), 'none')).toBe(
      'User ID,Revenue',
    );
  });

  it('returns null for an empty file', async () => {
    const file = write('empty.csv', '');
    expect(await detectCompression(file)).toBe('none');
    expect(await readFirstLine(file, 'none')).toBeNull();
  });
});
