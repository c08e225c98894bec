/**
 * A newcomer with a running node's name, across a real 2-agent Serf cluster
 * on loopback (the running node on one agent, the newcomer on the other):
 * the newcomer fails with `ActorCollisionError`, the running node keeps
 * going and counts it. Skips loudly without serf; fails instead under CI=true.
 */
import { Actor } from '@asyncactor/core';
import { SerfClient, serfTransport } from '@asyncactor/serf';
import { delay, describeNameCollision, nameCollisionViolations, newcomerTakesRunningName } from '@asyncactor/testing';
import { requireBinary, startSerfCluster, type SerfCluster } from '@asyncactor/testing/servers';

const serf = requireBinary('serf', 'apt-get install -y serf');
const describeSerf = serf ? describe : describe.skip;

describeSerf('name collision on Serf', () => {
  let cluster: SerfCluster;
  const clients: SerfClient[] = [];
  beforeAll(async () => {
    cluster = await startSerfCluster({ size: 2, namePrefix: 'nc' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await cluster?.stop();
  });

  it('the running node wins; the newcomer, on another agent, fails with ActorCollisionError', async () => {
    let agent = 0;
    const outcome = await newcomerTakesRunningName({
      // Serf gossips user events every 200 ms: the gap stays well above that.
      config: { cycle: 2, gap: 0.6 },
      create: async (name, config) => {
        const client = await SerfClient.connect({ address: cluster.agents[agent++ % 2]!.rpcAddress, timeoutMs: 2000 });
        clients.push(client);
        return Actor.create(serfTransport(client, ['actor', 'collision']), name, config);
      },
      pass: (seconds) => delay(seconds * 1000),
    });
    if (process.env.REPORT_COLLISION) process.stderr.write(`serf: ${describeNameCollision(outcome)}\n`);
    expect(nameCollisionViolations(outcome)).toEqual([]);
  }, 60_000);
});
