/**
 * The chance of a node off a chain with room to take a free place: divided
 * by every name it knows at first; while it knows more names than `nHosts`,
 * twice as large each time the place is still free when it hears a ping,
 * so that names heard once and never again (a flood of made-up names) age
 * out of it.
 */
import { ActorMachine, encodeMessage } from '@asyncactor/core';
import { sendDelay, type SendTimeView } from '@asyncactor/core/internal';

/** Off a chain of 2 of 5 places, knowing 1,002 names, ready, the random number fixed at `r`. */
function view(roomCount: number | undefined, r: number, history = ['a', 'b']): SendTimeView {
  return {
    self: 'me', history, nodes: 5, ready: true, hasValue: () => true, knownNodes: 1002, nHosts: 10, forceIn: false, leftOutCount: 0,
    roomCount, random: () => r,
  };
}

/** Whether the node butts in (sends early, before the chain's slots) for this view. */
const buttsIn = (v: SendTimeView): boolean => sendDelay(v).factor < 1 / 3;

describe('the chance to take a free place', () => {
  it('starts as the free places over twice the candidates, and doubles with every round the room stayed free', () => {
    // 3 free places, 1,000 candidates: 3/2000 = 0.0015.
    expect(buttsIn(view(undefined, 0.0014))).toBe(true);
    expect(buttsIn(view(0, 0.0016))).toBe(false);
    expect(buttsIn(view(1, 0.0029))).toBe(true);
    expect(buttsIn(view(1, 0.0031))).toBe(false);
    expect(buttsIn(view(9, 0.0015 * 512 - 0.01))).toBe(true);
    expect(buttsIn(view(9, 0.0015 * 512 + 0.01))).toBe(false);
    // From 10 rounds on the chance is 1.
    expect(buttsIn(view(10, 0.999))).toBe(true);
    // A huge count does not overflow into NaN or Infinity games: still 1.
    expect(buttsIn(view(1e9, 0.999))).toBe(true);
  });

  it('stays plain in a group no larger than nHosts (as many known nodes as the operator expects)', () => {
    const small = (roomCount: number, r: number): SendTimeView => ({ ...view(roomCount, r), knownNodes: 8 });
    // 3 free places, 10 - 2 = 8 candidates: 3/16 = 0.1875, however long the node waited.
    expect(buttsIn(small(0, 0.18))).toBe(true);
    expect(buttsIn(small(5, 0.19))).toBe(false);
  });

  it('says whether the node waits for room: off a chain with room, not off a full one nor on one', () => {
    expect(sendDelay(view(0, 0.5)).waitsForRoom).toBe(true);
    expect(sendDelay(view(0, 0.5, ['a', 'b', 'c', 'd', 'e'])).waitsForRoom ?? false).toBe(false);
    expect(sendDelay(view(0, 0.5, ['a', 'me'])).waitsForRoom ?? false).toBe(false);
  });

  it('a machine that heard 1,000 names that fall silent takes a free place of a two-node chain within 12 rounds', () => {
    const config = { cycle: 2, gap: 0.4 };
    const machine = new ActorMachine('me', { random: () => 0.3, config });
    machine.start(0);
    machine.receive(0, encodeMessage({ type: 'init', node: 'me' }));
    machine.setReady();
    machine.setValue(1);
    // 1,000 not-ready one-entry chains from made-up names, then never a word from them again.
    for (let i = 0; i < 1000; i++) {
      const node = `made-up-${i}`;
      machine.receive(0.001 * i, encodeMessage({ type: 'ping', node, value: null, history: [node] }));
    }
    machine.drain();
    // The chain a, b pings once a round, at the oldest's slot (cycle + gap / 2); we butt in before it when we take a place.
    const round = config.cycle + config.gap / 2;
    for (let i = 0, now = 2; i < 12; i++, now += round) {
      const [sender, other] = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
      machine.receive(now, encodeMessage({ type: 'ping', node: sender, value: 5, history: [sender, other] }));
      expect(machine.history.slice(0, 2)).toEqual([sender, other]);
      machine.drain();
      const sends = [];
      for (let at = machine.deadline; at !== undefined && at < now + round; at = machine.deadline) {
        machine.tick(at);
        sends.push(...machine.drain().sends);
      }
      if (sends.some((message) => message.type === 'ping')) {
        // Not in the first rounds: the chance starts at 3 places over 2 x 1,000 candidates.
        expect(i).toBeGreaterThan(3);
        return;
      }
    }
    throw new Error('no ping off the chain within 12 rounds');
  });
});
