import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../src/krastie/read-cache.js';

describe('ReadCache', () => {
  it('reuses a read until it expires', async () => {
    const cache = new ReadCache(60_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    expect(loads).toBe(1);
  });

  it('with a zero lifetime always reads', async () => {
    const cache = new ReadCache(0);
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await cache.get('k', async () => ++loads);
    expect(loads).toBe(2);
  });

  it('does not keep a read that began before a change (clear) and ended after it', async () => {
    const cache = new ReadCache(60_000);
    let finish: (value: string) => void = () => {};
    const slow = cache.get('voices', () => new Promise<string>((resolve) => (finish = resolve)));
    cache.clear();
    finish('before the delete');
    expect(await slow).toBe('before the delete');
    expect(await cache.get('voices', async () => 'after the delete')).toBe('after the delete');
  });
});
