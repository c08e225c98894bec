import type { Transport, TransportListener } from '@asyncactor/core';

/**
 * An in-memory channel for core's tests: every payload reaches every open
 * transport (the sender's included) synchronously after send, in order.
 */
export class Loopback {
  readonly listeners = new Set<TransportListener>();
  readonly sent: Uint8Array[] = [];

  transport(maxPayloadBytes?: number): Transport & { down(): void; up(): void; inject(payload: Uint8Array): void } {
    let listener: TransportListener | undefined;
    let closed = false;
    const { listeners, sent } = this;
    return {
      maxPayloadBytes,
      description: 'loopback',
      open(l) {
        listener = l;
        listeners.add(l);
        return Promise.resolve();
      },
      send(payload) {
        if (closed) return Promise.reject(new Error('closed'));
        sent.push(payload);
        for (const l of [...listeners]) l({ type: 'message', payload });
        return Promise.resolve();
      },
      close() {
        closed = true;
        if (listener) listeners.delete(listener);
        return Promise.resolve();
      },
      down() {
        listener?.({ type: 'down', error: new Error('link lost') });
      },
      up() {
        listener?.({ type: 'up' });
      },
      inject(payload) {
        listener?.({ type: 'message', payload });
      },
    };
  }
}
