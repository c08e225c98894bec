/**
 * What watch infers about a group from what it heard: who is it, the chain
 * order, the members that dropped off; and how it is drawn.
 */
import { makeConfig, type Message, type Value } from '@asyncactor/core';
import { Redraw } from '../src/display/redraw';
import { GroupChanges } from '../src/group/group-changes';
import { groupScreen } from '../src/group/group-screen';
import { groupSnapshot, type ChainSource } from '../src/group/group-view';
import { HeardMembers } from '../src/group/heard-members';

const config = makeConfig({ cycle: 2, gap: 0.2, nodes: 5 });
const ping = (node: string, history: string[], value: Value = 1): Message => ({ type: 'ping', node, value, history });

/** A chain source as a passive actor would be after these pings. */
function source(history: string[], values: Record<string, Value> = {}): ChainSource {
  return { history, config, valueOf: (node) => values[node] };
}

describe('groupSnapshot', () => {
  it('the sender of a ping continuing a chain is "pinged" for one gap, then "it" until its turn ends', () => {
    const members = new HeardMembers();
    members.hear(ping('b', ['b', 'a']), 1000);
    const chain = source(['b', 'a'], { a: 1, b: 7 });
    expect(groupSnapshot(chain, members, 1100).turn).toEqual({ kind: 'pinged', node: 'b', seconds: expect.closeTo(0.1, 5) as unknown });
    expect(groupSnapshot(chain, members, 1500).turn).toEqual({ kind: 'it', node: 'b', seconds: expect.closeTo(0.3, 5) as unknown });
    // Its turn lasts cycle - gap/2 = 1.9 s from the tag, which came a gap after the ping.
    expect(groupSnapshot(chain, members, 3150).turn).toEqual({ kind: 'nobody', lastPing: { node: 'b', seconds: expect.closeTo(2.15, 5) as unknown } });
  });

  it('the first ping of a new chain makes nobody "it"; its sender\'s next ping does', () => {
    const members = new HeardMembers();
    members.hear(ping('a', ['a']), 0);
    expect(groupSnapshot(source(['a']), members, 500).turn.kind).toBe('nobody');
    members.hear(ping('a', ['a']), 2500);
    expect(groupSnapshot(source(['a']), members, 3000).turn).toMatchObject({ kind: 'it', node: 'a' });
  });

  it('lists the chain in order with values and ages, then the others; drops the long silent', () => {
    const members = new HeardMembers();
    members.hear({ type: 'init', node: 'gone' }, 0);
    members.hear({ type: 'init', node: 'idle' }, 30_000);
    members.hear(ping('c', ['c', 'b', 'a']), 31_000);
    members.hear(ping('a', ['a', 'c', 'b']), 33_000);
    members.hear(ping('b', ['b', 'a', 'c']), 35_000);
    const snapshot = groupSnapshot(source(['b', 'a', 'c'], { a: 1, b: 2, c: null }), members, 36_000);
    expect(snapshot.members.map((row) => [row.name, row.position, row.value, row.lastHeardSeconds])).toEqual([
      ['b', 0, 2, 1],
      ['a', 1, 1, 3],
      ['c', 2, null, 5],
      ['idle', undefined, undefined, 6],
    ]);
    // 5 members heard: dropped when silent for over (5 + 1) x cycleTimeMax (2 + 2.5 x 0.2 = 2.5 s) = 15 s.
    expect(snapshot.dropAfterSeconds).toBeCloseTo(15);
    expect(snapshot.dropped.map((row) => row.name)).toEqual(['gone']);
  });
});

describe('GroupChanges', () => {
  it('reports a member once when it drops off and once when it is back', () => {
    const members = new HeardMembers();
    const changes = new GroupChanges();
    const chain = source(['a']);
    members.hear(ping('a', ['a']), 0);
    members.hear(ping('x', ['x', 'a']), 0);
    expect(changes.next(groupSnapshot(chain, members, 1000))).toEqual([]);
    members.hear(ping('a', ['a']), 19_000);
    expect(changes.next(groupSnapshot(chain, members, 20_000))).toEqual([{ type: 'dropped', node: 'x', lastHeardSeconds: 20 }]);
    expect(changes.next(groupSnapshot(chain, members, 20_500))).toEqual([]);
    members.hear(ping('x', ['x', 'a']), 21_000);
    expect(changes.next(groupSnapshot(chain, members, 21_000))).toEqual([{ type: 'back', node: 'x', lastHeardSeconds: 0 }]);
  });
});

describe('the watch screen', () => {
  it('shows who is it, the chain, the rows and who dropped off', () => {
    const members = new HeardMembers();
    members.hear({ type: 'init', node: 'old' }, 0);
    members.hear(ping('b', ['b', 'a']), 29_000);
    members.hear(ping('a', ['a', 'b']), 30_000);
    const lines = groupScreen('asyncactor watch · test', groupSnapshot(source(['a', 'b'], { a: 1, b: { load: 3 } }), members, 30_500));
    expect(lines[0]).toBe('asyncactor watch · test · config v0 (cycle 2 s, gap 0.2 s, nodes 5)');
    expect(lines[1]).toBe('it: a is it (for 0.3 s)');
    expect(lines[2]).toBe('chain: a b');
    expect(lines.slice(4, 7).map((line) => line.split(/\s{2,}/))).toEqual([
      ['node', 'role', 'value', 'last heard'],
      ['a', '★ it', '1', '0.5 s ago'],
      ['b', 'chain 2', '{"load":3}', '1.5 s ago'],
    ]);
    expect(lines.at(-1)).toBe('dropped off (silent over 10 s): old (31 s ago)');
  });

  it('is redrawn in place: each drawing moves up over the previous one and clears it', () => {
    const written: string[] = [];
    const screen = new Redraw((text) => written.push(text));
    screen.draw(['one', 'two', 'three']);
    screen.draw(['four']);
    screen.line('stays');
    screen.draw(['five', 'six']);
    expect(written).toEqual(['one\ntwo\nthree\n', '\x1b[3A\x1b[Jfour\n', 'stays\n', 'five\nsix\n']);
  });
});
