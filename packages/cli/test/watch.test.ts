/**
 * `asyncactor watch` shows core's members view: members that join are
 * shown, one that leaves drops off after the members window, and
 * `--verbose` logs what the watching node hears on stderr. Against actors
 * on an aedes broker on loopback, the command in a child process.
 */
import { Actor, type Member } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { startAedes, type EmbeddedBroker } from '@asyncactor/testing/servers';
import type { MqttClient } from 'mqtt';
import { groupScreen } from '../src/group/group-screen';
import { groupSnapshot } from '../src/group/group-view';
import { HeardMembers } from '../src/group/heard-members';
import { startCli } from './support/cli';

const CONFIG = { cycle: 1, gap: 0.2, nodes: 3, nHosts: 3 };

describe('watch shows the members view', () => {
  let broker: EmbeddedBroker;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync()));
    await broker?.close();
  });

  it('a member that leaves drops off after the window; --verbose logs joins and leaves', async () => {
    const topic = ['watch', String(Math.random()).slice(2, 8)];
    const watch = startCli(['watch', '--mqtt', broker.url, '--topic', topic.join('/'), '--cycle', '1', '--gap', '0.2', '--nodes', '3', '--verbose']);
    try {
      await watch.waitFor(/started on mqtt:/, 20_000);
      const actors = await Promise.all(['m1', 'm2', 'm3'].map(async (name) => {
        const client = await connect(broker.url);
        clients.push(client);
        const actor = await Actor.start(mqttTransport(client, topic), name, CONFIG);
        actor.setValue(1);
        actor.setReady();
        return actor;
      }));
      await watch.waitFor(/members: joined (m\d, ){2}m\d/, 10_000);
      await watch.waitFor(/m\d pinged and is it/, 10_000);
      await actors[2]!.close();
      // The window: a rotation of 3 plus a cycle, at cycle + 2.5 gap each: 6 s.
      const dropped = await watch.waitFor(/m3 dropped off \(not heard for ([\d.]+) s\)/, 15_000);
      expect(Number(dropped[1])).toBeGreaterThanOrEqual(6);
      await watch.waitFor(/members: left m3/, 5_000);
      await Promise.all(actors.slice(0, 2).map((actor) => actor.close()));
    } finally {
      watch.child.kill('SIGINT');
      await watch.finished;
    }
  }, 60_000);
});

describe('the group screen', () => {
  it('shows the members of the view with role and value, who is it, and who dropped off', () => {
    const now = 100;
    const member = (node: string, lastHeard: number, position: number | undefined, value: number | null): Member => ({ node, lastHeard, position, value, ready: value !== null, it: false });
    let view: Member[] = [member('b', 99.5, 0, 2), member('a', 98, 1, null), member('c', 97, undefined, 1)];
    const source = { history: ['b', 'a'], config: { version: 0, cycle: 10, gap: 1.5, nodes: 5, splits: 4, nHosts: 10, forceIn: false }, it: 'b', get members() { return view; } };
    const members = new HeardMembers(source);
    members.members();
    view = view.filter((m) => m.node !== 'c');
    members.update({ type: 'members', joined: [], left: ['c'], changed: [] });
    const lines = groupScreen('watch', groupSnapshot(source, members, now * 1000 + 2000));
    expect(lines[1]).toBe('it: b is it (for 1.0 s)');
    expect(lines[2]).toBe('chain: b a');
    expect(lines.find((line) => line.startsWith('b '))).toMatch(/^b\s+★ it\s+2\s+2\.5 s ago$/);
    expect(lines.find((line) => line.startsWith('a '))).toMatch(/^a\s+chain 2\s+null\s+4\.0 s ago$/);
    expect(lines.at(-1)).toBe('dropped off (silent over 83 s): c (5 s ago)');
  });
});
