// A browser application's view of the types: lib ES2022 + DOM, no @types of
// its own, skipLibCheck off. Type-checked only.
import { Actor, ActorTimeoutError, type Transport } from '@asyncactor/core';
import { mqttTransport, type MqttClientLike } from '@asyncactor/mqtt';

export async function start(client: MqttClientLike): Promise<Actor> {
  const transport: Transport = mqttTransport(client, ['actor', 'browser']);
  try {
    await using actor = await Actor.start(transport, 'browser');
    return actor;
  } catch (error) {
    if (error instanceof ActorTimeoutError) document.title = 'no echo';
    throw error;
  }
}
