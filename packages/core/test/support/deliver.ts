import { encodeMessage, type ActorMachine, type Message } from '@asyncactor/core';

/** Deliver `message` to `machine` at `now` as the channel would: as its encoded bytes. */
export function deliver(machine: ActorMachine, now: number, message: Message): void {
  machine.receive(now, encodeMessage(message));
}
