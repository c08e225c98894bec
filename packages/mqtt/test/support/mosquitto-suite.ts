import { connect, type ConnectOptions } from '@asyncactor/mqtt';
import { startMosquitto, type RunningMosquitto } from '@asyncactor/testing/servers';
import type { MqttClient } from 'mqtt';

/** A mosquitto broker for one `describe` block, and the MQTT clients of its tests. */
export interface MosquittoSuite {
  /** The broker (started in `beforeAll`). */
  readonly broker: RunningMosquitto;
  /** Connect a client to the broker; it is ended after the block. */
  connect(options?: ConnectOptions): Promise<MqttClient>;
}

/** Start mosquitto before the tests of the calling `describe` block, and end its clients and stop it after them. */
export function useMosquitto(): MosquittoSuite {
  let broker: RunningMosquitto | undefined;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await broker?.stop();
  });
  const suite: MosquittoSuite = {
    get broker() {
      if (!broker) throw new Error('the broker starts in beforeAll');
      return broker;
    },
    async connect(options) {
      const client = await connect(suite.broker.url, options);
      clients.push(client);
      return client;
    },
  };
  return suite;
}
