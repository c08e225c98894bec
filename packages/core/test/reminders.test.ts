/**
 * Reminders to the loser of crossed pings (PROTOCOL §9, lost pings): who
 * sends them (the node whose turn it is, and the senders of the two pings
 * before the newest), when a crossing counts as late (more than `gap / 10`
 * after the ping we follow), and how often one node may send them.
 * C = 10, G = 1.5.
 */
import { deliver } from './support/deliver';
import { ActorMachine, type Message, type PingMessage, type Value } from '@asyncactor/core';

function started(name = 'me'): ActorMachine {
  const m = new ActorMachine(name, { random: () => 0.5 });
  m.start(0);
  deliver(m, 0, { type: 'init', node: name });
  m.setValue(1);
  m.setReady();
  m.drain();
  return m;
}

function ping(node: string, rest: string[] = [], value: Value = 1): PingMessage {
  return { type: 'ping', node, value, history: [node, ...rest] };
}

/** Run the machine's timers up to `until`; the messages it sent. */
function run(m: ActorMachine, until: number): Message[] {
  const sends: Message[] = [];
  for (let at = m.deadline; at !== undefined && at <= until; at = m.deadline) {
    m.tick(at);
    sends.push(...m.drain().sends);
  }
  return sends;
}

/** A node that pinged on h's chain in its slot: the machine, when, and the ping it sent. */
function pingedOnChain(): { m: ActorMachine; sentAt: number; ours: Message | undefined } {
  const m = started();
  deliver(m, 1, ping('h', ['g', 'f', 'e']));
  const sentAt = m.nextPingTime!;
  const ours = run(m, sentAt)[0];
  return { m, sentAt, ours };
}

/** A node that sent the ping before the newest: `me` pinged on h's chain, then o extended it at `t`. */
function secondInChain(): { m: ActorMachine; t: number } {
  const { m, sentAt } = pingedOnChain();
  const t = sentAt + 11;
  deliver(m, t, ping('o', ['me', 'h', 'g']));
  m.drain();
  return { m, t };
}

describe('a crossed ping that wins, late', () => {
  it('the sender of the ping before repeats the winning chain as a hist', () => {
    const { m, t } = secondInChain();
    // a missed o's ping and took over 0.45 s later; a wins (the smaller name).
    deliver(m, t + 0.45, ping('a', ['me', 'h', 'g'], 1));
    expect(m.history.slice(0, 4)).toEqual(['a', 'me', 'h', 'g']);
    expect(m.drain().sends).toEqual([{ type: 'history', value: 1, history: ['a', 'me', 'h', 'g'] }]);
    expect(m.stats.reminders).toBe(1);
  });

  it('crossed in flight (within gap / 10): the same hist (its loser may have lost the winner too)', () => {
    const { m, t } = secondInChain();
    deliver(m, t + 0.1, ping('a', ['me', 'h', 'g'], 1));
    expect(m.history.slice(0, 4)).toEqual(['a', 'me', 'h', 'g']);
    expect(m.drain().sends).toEqual([{ type: 'history', value: 1, history: ['a', 'me', 'h', 'g'] }]);
  });

  it('the sender of the ping before that repeats it too', () => {
    const { m, sentAt } = pingedOnChain();
    deliver(m, sentAt + 11, ping('o', ['me', 'h', 'g']));
    deliver(m, sentAt + 22, ping('p', ['o', 'me', 'h']));
    m.drain();
    deliver(m, sentAt + 22.45, ping('a', ['o', 'me', 'h'], 1));
    expect(m.drain().sends).toEqual([{ type: 'history', value: 1, history: ['a', 'o', 'me', 'h'] }]);
  });

  it('a node that sent neither of the two pings before sends nothing', () => {
    const m = started();
    deliver(m, 1, ping('o', ['x', 'h', 'g']));
    m.drain();
    deliver(m, 1.45, ping('a', ['x', 'h', 'g']));
    expect(m.drain().sends).toEqual([]);
  });

  it("while a heal is being settled, nothing: the winner's side re-announces its chain, and that tells the loser too", () => {
    const { m, t } = secondInChain();
    // A split heals: the rival chain's hist wins over ours, and we follow it.
    deliver(m, t + 1, { type: 'history', value: 9, history: ['r1', 'r2', 'r3'] });
    expect(m.history.slice(0, 3)).toEqual(['r1', 'r2', 'r3']);
    m.drain();
    // A ping of our side's chain that crossed the rival's wins over it: no second hist of it from us.
    deliver(m, t + 1.05, ping('z', ['o', 'me', 'h'], 10));
    expect(m.history.slice(0, 4)).toEqual(['z', 'o', 'me', 'h']);
    expect(m.drain().sends).toEqual([]);
    expect(m.stats.historyReminders).toBe(0);
  });
});

describe('a lagger', () => {
  /** `me` third in p's chain; with `heal`, a rival chain met ours a moment before and lost. */
  const staleHistAfter = (heal: boolean): readonly Message[] => {
    const { m, sentAt } = pingedOnChain();
    deliver(m, sentAt + 11, ping('o', ['me', 'h', 'g']));
    deliver(m, sentAt + 22, ping('p', ['o', 'me', 'h']));
    if (heal) deliver(m, sentAt + 23, { type: 'history', value: 0, history: ['r1', 'r2', 'r3'] });
    expect(m.history.slice(0, 3)).toEqual(['p', 'o', 'me']);
    m.drain();
    // o's view of our chain, a ping older than ours, as a `hist`.
    deliver(m, sentAt + 23.2, { type: 'history', value: 1, history: ['o', 'me', 'h', 'g'] });
    return m.drain().sends;
  };

  it('gets the chain repeated as a hist by the sender of the ping before that', () => {
    expect(staleHistAfter(false)).toEqual([{ type: 'history', value: 1, history: ['p', 'o', 'me', 'h'] }]);
  });

  it("while a heal is being settled, a hist of an older view of our chain is a re-announcement of our side: no repeat", () => {
    expect(staleHistAfter(true)).toEqual([]);
  });
});

describe('the node whose turn it is', () => {
  it('sends its ping again to the loser of a crossing in flight, once', () => {
    const { m, sentAt, ours } = pingedOnChain();
    deliver(m, sentAt, ours!);
    m.drain();
    // z pinged on the same chain 20 ms after us and lost (the bigger name): it may have lost ours.
    deliver(m, sentAt + 0.02, ping('z', ['h', 'g', 'f'], 1));
    expect(m.drain().sends).toEqual([ours]);
    deliver(m, sentAt + 0.05, ping('zz', ['h', 'g', 'f'], 1));
    expect(m.drain().sends).toEqual([]);
    expect(m.stats.reminders).toBe(1);
  });
});

describe('reminders of one node are spaced', () => {
  it('its ping again at most once per gap / 2, however many laggers', () => {
    const { m, sentAt, ours } = pingedOnChain();
    // Three laggers, each behind by two pings.
    deliver(m, sentAt + 0.9, ping('y', ['g', 'f', 'e'], 9));
    expect(m.drain().sends).toEqual([ours]);
    deliver(m, sentAt + 1.2, ping('z', ['g', 'f', 'e'], 9));
    expect(m.drain().sends).toEqual([]);
    deliver(m, sentAt + 1.7, ping('w', ['g', 'f', 'e'], 9));
    expect(m.drain().sends).toEqual([ours]);
    expect(m.stats).toMatchObject({ stale: 3, reminders: 2 });
  });

  it('its hist of the chain at most once per gap / 4', () => {
    const { m, t } = secondInChain();
    deliver(m, t + 0.9, ping('y', ['g', 'f', 'e'], 9));
    expect(m.drain().sends).toEqual([{ type: 'history', value: 1, history: ['o', 'me', 'h', 'g'] }]);
    deliver(m, t + 1.2, ping('z', ['g', 'f', 'e'], 9));
    expect(m.drain().sends).toEqual([]);
    deliver(m, t + 1.3, ping('w', ['g', 'f', 'e'], 9));
    expect(m.drain().sends).toEqual([{ type: 'history', value: 1, history: ['o', 'me', 'h', 'g'] }]);
  });
});
