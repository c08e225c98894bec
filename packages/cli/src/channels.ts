/**
 * Opening the channel the user chose. Every connection made here is ended by
 * the channel's `close`, on every path, errors included: nothing is left
 * open to keep the process alive.
 *
 * @module
 */
import { systemClock, type Transport } from '@asyncactor/core';
import { connect, mqttTransport, MqttConnectError } from '@asyncactor/mqtt';
import { SerfClient, SerfError, serfTransport } from '@asyncactor/serf';
import { Bus } from '@asyncactor/testing';
import { startAedes } from '@asyncactor/testing/servers';
import type { MqttClient } from 'mqtt';
import type { Channel, ChannelChoice, MqttAccess } from './channel';
import { explainConnectFailure } from './connect-failure';
import { CliError } from './errors';

/** Open the channel described by `choice`. */
export async function openChannel(choice: ChannelChoice): Promise<Channel> {
  switch (choice.kind) {
    case 'embedded':
      return embeddedChannel(choice.topic);
    case 'mqtt':
      return mqttChannel(choice.access, choice.topic, 'MQTT broker ');
    case 'serf':
      return serfChannel(choice.address, choice.event);
    case 'bus':
      return busChannel();
  }
}

/** An aedes broker in this process, on a free loopback port. */
async function embeddedChannel(topic: readonly string[]): Promise<Channel> {
  const broker = await startAedes();
  try {
    const channel = await mqttChannel({ url: broker.url, timeoutMs: 5000 }, topic, 'embedded MQTT broker (aedes) at ');
    return {
      ...channel,
      async close() {
        await channel.close();
        await broker.close();
      },
    };
  } catch (error) {
    await broker.close();
    throw error;
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

/** Connections that `close` ends, whatever happened to them before. */
class OpenConnections<T> {
  private readonly open = new Set<T>();
  constructor(private readonly end: (connection: T) => Promise<void>) {}

  /** Keep `connection` until {@link release} or {@link closeAll}. */
  add(connection: T): T {
    this.open.add(connection);
    return connection;
  }

  /** End one connection now. */
  async release(connection: T): Promise<void> {
    this.open.delete(connection);
    await this.end(connection);
  }

  /** End every connection still open. */
  async closeAll(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.all(all.map((connection) => this.end(connection)));
  }

  /** A transport made by `make` on `connection`; the connection is released if `make` throws and after the transport closes. */
  wrap(connection: T, make: () => Transport): Transport {
    let transport: Transport;
    try {
      transport = make();
    } catch (error) {
      void this.release(connection);
      throw error;
    }
    return withRelease(transport, () => this.release(connection));
  }
}

/** One RPC connection per actor to the Serf agent at `address` (reconnecting). */
async function serfChannel(address: string, event: readonly string[]): Promise<Channel> {
  const clients = new OpenConnections<SerfClient>((client) => client.close());
  const open = async (): Promise<SerfClient> => {
    try {
      return clients.add(await SerfClient.connect({ address, reconnect: true }));
    } catch (error) {
      if (error instanceof SerfError) throw new CliError(error.message);
      throw error;
    }
  };
  // Fail early, with a clear reason, if the agent cannot be reached.
  await clients.release(await open());
  return {
    description: `serf agent ${address}, event ${event.join('.')}`,
    async connect() {
      const client = await open();
      return clients.wrap(client, () => serfTransport(client, event));
    },
    close: () => clients.closeAll(),
  };
}

/** One MQTT client per actor, as separate machines would have. */
async function mqttChannel(access: MqttAccess, topic: readonly string[], label: string): Promise<Channel> {
  const clients = new OpenConnections<MqttClient>((client) => client.endAsync(true));
  const open = async (): Promise<MqttClient> => clients.add(await connectOrExplain(access));
  // Fail early, with the broker's own reason, if it cannot be reached.
  await clients.release(await open());
  const credentials = access.username !== undefined ? ' (with credentials)' : '';
  return {
    description: `${label}${access.url}${credentials}, topic ${topic.join('/')}`,
    async connect() {
      const client = await open();
      return clients.wrap(client, () => mqttTransport(client, topic));
    },
    close: () => clients.closeAll(),
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

async function connectOrExplain(access: MqttAccess): Promise<MqttClient> {
  const { url, timeoutMs, ...secure } = access;
  try {
    return await connect(url, { timeoutMs, reconnectPeriod: 1000, ...secure });
  } catch (error) {
    if (error instanceof MqttConnectError) throw new CliError(explainConnectFailure(error));
    throw error;
  }
}

