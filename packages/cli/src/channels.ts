/**
 * Opening the channel the user chose.
 *
 * @module
 */
import type { Transport } from '@asyncactor/core';
import { connect, mqttTransport, MqttConnectError } from '@asyncactor/mqtt';
import { startAedes } from '@asyncactor/testing';
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
    case 'bus':
      throw new CliError(`--${choice.kind} is not supported by this build`);
  }
}

/** One MQTT client per actor, as separate machines would have. */
async function mqttChannel(url: string, topic: readonly string[], label: string): Promise<Channel> {
  const open = new Set<ClientTransport>();
  // Fail early, with the broker's own reason, if it cannot be reached.
  const probe = await connectOrExplain(url);
  await probe.endAsync();
  return {
    description: `${label}${url}, topic ${topic.join('/')}`,
    async connect() {
      const client = await connectOrExplain(url);
      const transport = new ClientTransport(mqttTransport(client, topic), client, () => open.delete(transport));
      open.add(transport);
      return transport;
    },
    async close() {
      await Promise.all([...open].map((transport) => transport.close()));
    },
  };
}

/** A transport that owns its MQTT client and ends it on close. */
class ClientTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly client: MqttClient,
    private readonly onClose: () => void,
  ) {}
  get description(): string | undefined {
    return this.inner.description;
  }
  get maxPayloadBytes(): number | undefined {
    return this.inner.maxPayloadBytes;
  }
  open(listener: Parameters<Transport['open']>[0]): Promise<void> {
    return this.inner.open(listener);
  }
  send(payload: Uint8Array): Promise<void> {
    return this.inner.send(payload);
  }
  async close(): Promise<void> {
    this.onClose();
    await this.inner.close();
    await this.client.endAsync(true);
  }
}

async function connectOrExplain(url: string): Promise<MqttClient> {
  try {
    return await connect(url, { timeoutMs: 5000, reconnectPeriod: 1000 });
  } catch (error) {
    if (error instanceof MqttConnectError) throw new CliError(error.message);
    throw error;
  }
}
