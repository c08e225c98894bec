import { pushHistory } from '@asyncactor/core';

describe('pushHistory', () => {
  it('follows the PROTOCOL §4 example', () => {
    let h: string[] = [];
    const seen: string[][] = [];
    for (const n of ['a', 'a', 'b', 'a', 'c', 'd', 'c']) {
      h = pushHistory(h, n, 3);
      seen.push(h);
    }
    expect(seen).toEqual([['a'], ['a'], ['b', 'a'], ['a', 'b'], ['c', 'a', 'b'], ['d', 'c', 'a'], ['c', 'd']]);
  });
});
