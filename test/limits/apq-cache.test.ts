import { ApqCache } from '../../src/limits/apq-cache';

/** The bytes one entry takes: UTF-16 code units of key and value, two bytes each. */
const bytesOf = (key: string, value: string) => 2 * (key.length + value.length);

describe('ApqCache', () => {
  it('returns what was stored under a hash', async () => {
    const cache = new ApqCache(1024);
    await cache.set('h1', '{ a }');

    expect(await cache.get('h1')).toBe('{ a }');
    expect(await cache.get('h2')).toBeUndefined();
  });

  it('drops the least recently used documents to stay within its byte budget', async () => {
    const entry = bytesOf('h1', 'x'.repeat(98));
    const cache = new ApqCache(3 * entry);
    for (const key of ['h1', 'h2', 'h3']) await cache.set(key, 'x'.repeat(98));
    await cache.get('h1');

    await cache.set('h4', 'x'.repeat(98));

    expect(await cache.get('h2')).toBeUndefined();
    expect(await cache.get('h1')).toBeDefined();
    expect(cache.usage()).toEqual({ documents: 3, bytes: 3 * entry });
  });

  it('keeps no document larger than the whole budget', async () => {
    const cache = new ApqCache(100);
    await cache.set('h1', 'x'.repeat(100));

    expect(cache.usage()).toEqual({ documents: 0, bytes: 0 });
  });

  it('accounts for a replaced or deleted document', async () => {
    const cache = new ApqCache(1000);
    await cache.set('h1', 'abc');
    await cache.set('h1', 'abcdef');

    expect(cache.usage().bytes).toBe(bytesOf('h1', 'abcdef'));
    expect(await cache.delete('h1')).toBe(true);
    expect(cache.usage()).toEqual({ documents: 0, bytes: 0 });
  });
});
