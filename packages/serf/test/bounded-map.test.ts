import { BoundedMap } from '../src/bounded-map';

describe('BoundedMap', () => {
  it('keeps the newest entries up to its capacity, forgetting the oldest first', () => {
    const map = new BoundedMap<number, string>(3);
    for (let i = 0; i < 5; i++) map.set(i, `v${i}`);
    expect(map.size).toBe(3);
    expect([0, 1, 2, 3, 4].map((key) => map.get(key))).toEqual([undefined, undefined, 'v2', 'v3', 'v4']);
  });

  it('setting a key again makes it the newest', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect([map.has('a'), map.has('b'), map.has('c')]).toEqual([true, false, true]);
    expect(map.delete('a')).toBe(true);
    expect(map.size).toBe(1);
  });
});
