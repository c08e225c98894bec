/**
 * The transport's hint that peers came back (`peersReturned`): the newest
 * node of a chain re-announces it at once with a `hist`, every other node
 * stays quiet, a side sends one `hist` per heal whatever comes first (the
 * hint or the rival chain), and a rival side that hears it resolves the two
 * chains at once instead of at the next crossing ping.
 */
import { deliver } from './support/deliver';
import { ActorMachine, type Message, type PingMessage, type ProtocolEvent, type Value } from '@asyncactor/core';

/** Started at `now` with value 1 and ready, its own init seen. */
function started(name: string, now = 0): ActorMachine {
  const m = new ActorMachine(name, { random: () => 0.5 });
  m.setValue(1);
  m.setReady();
  m.start(now);
  deliver(m, now, { type: 'init', node: name });
  m.drain();
  return m;
}

const ping = (node: string, rest: string[] = [], value: Value = 1): PingMessage => ({ type: 'ping', node, value, history: [node, ...rest] });

/** Fire the machine's timers up to `until`, echoing its own pings; what it sent (with when) and emitted. */
function run(m: ActorMachine, until: number): { sends: { at: number; message: Message }[]; events: ProtocolEvent[] } {
  const sends: { at: number; message: Message }[] = [];
  const events: ProtocolEvent[] = [];
  for (let at = m.deadline; at !== undefined && at <= until; at = m.deadline) {
    m.tick(at);
    const out = m.drain();
    for (const message of out.sends) {
      sends.push({ at, message });
      if (message.type === 'ping' && message.node === m.name) deliver(m, at, message);
    }
    events.push(...out.events);
  }
  return { sends, events };
}

/** `name` after `a` pinged at 1 and `name` took the next turn: the newest entry of the chain [name, a], tagged. */
function headOf(name: string): ActorMachine {
  const m = started(name);
  deliver(m, 1, ping('a'));
  run(m, 15.125);
  expect(m.history).toEqual([name, 'a']);
  expect(m.tagged).toBe(true);
  m.drain();
  return m;
}

describe('peersReturned', () => {
  it('the newest node of the chain re-announces it at once with a hist', () => {
    const m = headOf('me');
    m.peersReturned(16);
    expect(m.deadline).toBe(16);
    expect(run(m, 16).sends).toEqual([{ at: 16, message: { type: 'history', value: 1, history: ['me', 'a'] } }]);
    expect(m.tagged).toBe(true);
  });

  it('a node that is not the newest entry sends nothing', () => {
    const m = started('me');
    deliver(m, 1, ping('a'));
    deliver(m, 12, ping('b', ['a']));
    m.drain();
    m.peersReturned(13);
    expect(run(m, 13.5).sends).toEqual([]);
  });

  it('sends nothing while passive, not ready or without the channel', () => {
    const passive = headOf('me');
    passive.disable();
    passive.peersReturned(16);
    const notReady = headOf('me');
    notReady.setValue(null);
    notReady.peersReturned(16);
    const down = headOf('me');
    down.channelDown();
    down.peersReturned(16);
    for (const m of [passive, notReady, down]) expect(run(m, 16.5).sends).toEqual([]);
  });

  it('one hist per heal: a second hint, or the rival chain arriving after the hint, sends no other', () => {
    const m = headOf('me');
    m.peersReturned(16);
    expect(run(m, 16).sends).toHaveLength(1);
    m.peersReturned(16.5);
    // The rival side's chain arrives: we win (our value is higher), and our chain was just announced.
    deliver(m, 16.6, ping('x', ['y', 'z'], 0));
    expect(run(m, 18).sends).toEqual([]);
  });

  it('once a rival chain reached it first, it answers that and the hint sends nothing more', () => {
    const m = headOf('me');
    // The rival side re-announced its chain, maybe on a hint of its own before it saw ours: ours wins, and we answer with our chain.
    deliver(m, 16, { type: 'history', value: 0, history: ['x', 'y', 'z'] });
    expect(m.drain().events.map((event) => event.type)).toContain('recover');
    expect(run(m, 16).sends).toEqual([{ at: 16, message: { type: 'history', value: 1, history: ['me', 'a'] } }]);
    m.peersReturned(16.5);
    expect(run(m, 17).sends).toEqual([]);
    // Once the announcement is forgotten (two cycles on), a hint is a new heal again.
    run(m, 36.4);
    m.peersReturned(36.5);
    expect(run(m, 36.5).sends).toEqual([{ at: 36.5, message: { type: 'history', value: 1, history: m.history } }]);
  });

  it('the rival side resolves at once: its tagged node, which loses, is detagged by the hist', () => {
    const winner = headOf('a0');
    const loser = started('b0');
    deliver(loser, 1, ping('b1', [], 0));
    run(loser, 15.125);
    expect(loser.tagged).toBe(true);
    loser.setValue(0);
    winner.peersReturned(16);
    const hist = run(winner, 16).sends.map((send) => send.message);
    expect(hist).toEqual([{ type: 'history', value: 1, history: ['a0', 'a'] }]);
    deliver(loser, 16.05, hist[0]!);
    expect(loser.tagged).toBe(false);
    expect(loser.drain().events).toContainEqual({ type: 'detag', node: 'a0' });
    expect(loser.history[0]).toBe('a0');
    // The hist came before the loser's side saw anything of the winner's: its answer, its old chain, tells the winner of the heal.
    const answer = run(loser, 16.05).sends.map((send) => send.message);
    // (With the value last heard from its head: b0's ping said 1.)
    expect(answer).toEqual([{ type: 'history', value: 1, history: ['b0', 'b1'] }]);
    deliver(winner, 16.1, answer[0]!);
    expect(winner.drain().events).toContainEqual({ type: 'recover', priority: 0, replaced: false, localNodes: ['a0', 'a'], remoteNodes: ['b0', 'b1'] });
    expect(winner.history[0]).toBe('a0');
    // No answer to the answer: the winner's chain was announced a moment ago.
    expect(run(winner, 17).sends).toEqual([]);
  });
});
