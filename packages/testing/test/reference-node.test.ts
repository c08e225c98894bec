/**
 * The reference node: the shipping machine composed with the Python
 * reference's decisions (PROTOCOL §6 as stated), checked decision by
 * decision and in a group of its own.
 */
import { ActorMachine, encodeMessage } from '@asyncactor/core';
import { withRules, type SendTimeView } from '@asyncactor/core/internal';
import { Cluster, REFERENCE_RULES, referenceJudge, referenceReannounceDelay, referenceSendDelay } from '@asyncactor/testing';
import { registerMatchers } from '@asyncactor/testing/jest';

registerMatchers();

const view = (history: string[], self = 'me', more: Partial<SendTimeView> = {}): SendTimeView => ({
  self,
  history,
  nodes: 5,
  ready: true,
  hasValue: () => true,
  knownNodes: 5,
  nHosts: 10,
  forceIn: false,
  leftOutCount: 0,
  random: () => 0.5,
  ...more,
});

describe('the reference send-time rule', () => {
  it('chain slots halve towards 1: the oldest of any chain at 0.875, the next at 0.9375, then 0.96875', () => {
    expect(referenceSendDelay(view(['a', 'b', 'c', 'd', 'me'])).factor).toBe(0.875);
    expect(referenceSendDelay(view(['a', 'b', 'c', 'me', 'd'])).factor).toBe(0.9375);
    expect(referenceSendDelay(view(['a', 'b', 'me', 'c', 'd'])).factor).toBe(0.96875);
    expect(referenceSendDelay(view(['a', 'b', 'me'])).factor).toBe(0.875);
    expect(referenceSendDelay(view(['a', 'me', 'b'])).factor).toBe(0.9375);
    // Never a second cycle: the reference waits one cycle and `gap * d`.
    expect(referenceSendDelay(view(['a', 'me', 'b'])).cycles).toBeUndefined();
  });

  it('the last sender waits 2 gaps, an empty history 1.9 − r/5, off the chain r/3 (butting in) or 1.5 + r/2', () => {
    expect(referenceSendDelay(view(['me', 'a'])).factor).toBe(2);
    expect(referenceSendDelay(view([], 'me', { random: () => 0.5 })).factor).toBeCloseTo(1.8);
    // Full chain of 5 of total 10: butt in with probability 1/100.
    const full = ['a', 'b', 'c', 'd', 'e'];
    expect(referenceSendDelay(view(full, 'me', { random: () => 0.009 })).factor).toBeCloseTo(0.003);
    expect(referenceSendDelay(view(full, 'me', { random: () => 0.011 })).factor).toBeCloseTo(1.5055);
    expect(referenceSendDelay(view(full, 'me')).leftOut).toBe(true);
    // Three places free: probability 1/(3·10).
    expect(referenceSendDelay(view(['a', 'b'], 'me', { random: () => 0.03 })).factor).toBeCloseTo(0.01);
    expect(referenceSendDelay(view(['a', 'b'], 'me', { random: () => 0.04 })).factor).toBeCloseTo(1.52);
  });

  it('re-announcement slots are gap · (1 − 2^−pos)', () => {
    expect([0, 1, 2, 3].map((pos) => referenceReannounceDelay(pos, 1.5))).toEqual([0, 0.75, 1.125, 1.3125]);
  });
});

describe('the reference verdict', () => {
  const chainView = { self: 'me', history: ['b', 'a', 'me', 'z'], headIsOld: false, bound: 5, priority: (x: string, _: unknown, y: string) => x < y, valueOf: () => 1 };

  it('a ping naming our newest entry extends the chain; a hist naming it confirms', () => {
    expect(referenceJudge({ type: 'ping', node: 'c', value: 1, history: ['c', 'b', 'a'] }, chainView)).toEqual({ kind: 'extend', history: ['c', 'b', 'a', 'me', 'z'] });
    expect(referenceJudge({ type: 'history', value: 1, history: ['c', 'b', 'a'] }, chainView)).toEqual({ kind: 'confirm' });
  });

  it('lost pings: a continuation of our chain that we partly missed is a split, not a fast-forward', () => {
    // We missed c's ping; d continues after c.
    const verdict = referenceJudge({ type: 'ping', node: 'd', value: 1, history: ['d', 'c', 'b', 'a'] }, chainView);
    expect(verdict).toEqual({ kind: 'split', winner: 'ours' });
    // Crossed pings with the same predecessor are a collision; the winner's history is adopted as it came.
    expect(referenceJudge({ type: 'ping', node: 'a', value: 1, history: ['a', 'x'] }, { ...chainView, history: ['c', 'x'] })).toEqual({ kind: 'collide', winner: 'theirs', history: ['a', 'x'] });
  });
});

describe('a reference node', () => {
  it('sends its first ping as soon as its own init comes back', () => {
    const machine = new ActorMachine('ref', withRules({ random: () => 0.5 }, REFERENCE_RULES));
    machine.setValue(1);
    machine.setReady();
    machine.start(0);
    const sent = machine.drain().sends.map((m) => m.type);
    expect(sent).toEqual(['init', 'config']);
    machine.receive(0.05, encodeMessage({ type: 'init', node: 'ref' }));
    expect(machine.deadline).toBe(0.05);
    machine.tick(0.05);
    expect(machine.drain().sends.map((m) => m.type)).toEqual(['ping']);
    // The shipping machine listens for a cycle and more first.
    const ours = new ActorMachine('ours', { random: () => 0.5 });
    ours.start(0);
    expect(ours.nextPingTime).toBeGreaterThan(10);
  });

  it('a group of reference nodes alone rotates with one tagged at a time (no loss)', () => {
    const cluster = new Cluster({ seed: 1, nodes: 5, latency: 0.05, jitter: 0.05, kind: () => 'reference' });
    cluster.runCycles(100);
    expect(cluster).toHaveAtMostOneTagged();
    expect(cluster).toEndEveryTagOnce();
    expect(cluster.metrics({ from: 100 }).tags).toBeGreaterThan(75);
  });

  it('under loss it shows the reference\'s storms: far more broadcasts and RecoverEvents than ours', () => {
    const figures = (kind: 'reference' | 'shipping') => {
      const cluster = new Cluster({ seed: 1, nodes: 10, latency: 0.05, jitter: 0.05, loss: 0.05, kind: () => kind });
      cluster.runCycles(150);
      return cluster.metrics({ from: 100 });
    };
    const reference = figures('reference');
    const ours = figures('shipping');
    expect(reference.broadcastsPerCycle).toBeGreaterThan(ours.broadcastsPerCycle + 0.5);
    expect(reference.recoveries).toBeGreaterThan(ours.recoveries + 10);
  });
});
