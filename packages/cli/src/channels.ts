/**
 * Opening the channel the user chose.
 *
 * @module
 */
import { systemClock, type Transport } from '@asyncactor/core';
import { connect, mqttTransport, MqttConnectError } from '@asyncactor/mqtt';
import { SerfClient, SerfError, serfTransport } from '@asyncactor/serf';
import { Bus } from '@asyncactor/testing';
import { startAedes } from '@asyncactor/testing/servers';
import type { MqttClient } from 'mqtt';
import type { Channel, ChannelChoice } from './channel';
import { CliError } from './errors';

/** Open the channel described by `choice`. */
export async function openChannel(choice: ChannelChoice): Promise<Channel> {
  switch (choice.kind) {
    case 'embedded': {
      const broker = await startAedes();
      const channel = await mqttChannel(broker.url, choice.topic, 'embedded MQTT broker (aedes) at ');
      return {
        ...channel,
        async close() {
          await channel.close();
          await broker.close();
        },
      };
    }
    case 'mqtt':
      return mqttChannel(choice.url, choice.topic, 'MQTT broker ');
    case 'serf':
      return serfChannel(choice.address, choice.event);
    case 'bus':
      return busChannel();
  }
}

/** The in-memory bus in real time, with a little latency; it can split and heal. */
function busChannel(): Channel {
  const bus = new Bus({ clock: systemClock, latency: 0.005, jitter: 0.005 });
  return {
    description: 'the in-memory bus',
    connect: (node) => Promise.resolve(bus.transport(node)),
    split: (groups) => bus.split(groups),
    heal: () => bus.heal(),
    tap: (listener) => {
      bus.onSend = listener;
    },
    close: () => Promise.resolve(),
  };
}

/** One RPC connection per actor to the Serf agent at `address` (reconnecting). */
async function serfChannel(address: string, event: readonly string[]): Promise<Channel> {
  const clients = new Set<SerfClient>();
  const open = async (): Promise<SerfClient> => {
    try {
      const client = await SerfClient.connect({ address, reconnect: true });
      clients.add(client);
      return client;
    } catch (error) {
      if (error instanceof SerfError) throw new CliError(error.message);
      throw error;
    }
  };
  // Fail early, with a clear reason, if the agent cannot be reached.
  const probe = await open();
  clients.delete(probe);
  await probe.close();
  return {
    description: `serf agent ${address}, event ${event.join('.')}`,
    async connect() {
      const client = await open();
      return withRelease(serfTransport(client, event), async () => {
        clients.delete(client);
        await client.close();
      });
    },
    async close() {
      await Promise.all([...clients].map((client) => client.close()));
      clients.clear();
    },
  };
}

/** One MQTT client per actor, as separate machines would have. */
async function mqttChannel(url: string, topic: readonly string[], label: string): Promise<Channel> {
  const open = new Set<MqttClient>();
  // Fail early, with the broker's own reason, if it cannot be reached.
  const probe = await connectOrExplain(url);
  await probe.endAsync();
  return {
    description: `${label}${url}, topic ${topic.join('/')}`,
    async connect() {
      const client = await connectOrExplain(url);
      open.add(client);
      return withRelease(mqttTransport(client, topic), async () => {
        open.delete(client);
        await client.endAsync(true);
      });
    },
    async close() {
      await Promise.all([...open].map((client) => client.endAsync(true)));
      open.clear();
    },
  };
}

/** `transport`, with `release` run after it closes (to end the connection it owns). */
function withRelease(transport: Transport, release: () => Promise<void>): Transport {
  return {
    description: transport.description,
    maxPayloadBytes: transport.maxPayloadBytes,
    open: (listener) => transport.open(listener),
    send: (payload) => transport.send(payload),
    async close() {
      await transport.close();
      await release();
    },
  };
}

async function connectOrExplain(url: string): Promise<MqttClient> {
  try {
    return await connect(url, { timeoutMs: 5000, reconnectPeriod: 1000 });
  } catch (error) {
    if (error instanceof MqttConnectError) throw new CliError(error.message);
    throw error;
  }
}
