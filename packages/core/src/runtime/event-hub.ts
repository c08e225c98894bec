/**
 * Where an actor's events go: the listeners registered with `on`, and one
 * bounded queue per async iterator.
 *
 * @module
 */
import { ListenerError } from '../errors';
import type { ActorEvent, ActorEventType } from '../events';
import { EventQueue } from './event-queue';

/** A listener for events of one type. */
export type ActorListener<T extends ActorEventType> = (event: Extract<ActorEvent, { type: T }>) => void;

/** The listeners and iterators of one actor. See the module comment. */
export class EventHub {
  private readonly listeners = new Map<ActorEventType, Set<(event: ActorEvent) => void>>();
  private readonly queues = new Set<EventQueue<ActorEvent>>();
  private ended = false;
  private failure: Error | undefined;
  /** Events dropped because an iterator's consumer fell behind. */
  overflowed = 0;

  /** @param limit most events buffered per iterator */
  constructor(private readonly limit: number) {}

  /** Call `listener` for every event of `type`; returns a function that removes it. */
  on<T extends ActorEventType>(type: T, listener: ActorListener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const wrapped = listener as (event: ActorEvent) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** A new iterator of every event from now on; it ends (or throws the failure) once the hub has ended. */
  iterator(): AsyncIterator<ActorEvent> {
    const queue = new EventQueue<ActorEvent>(this.limit, () => {
      this.overflowed++;
    });
    if (this.ended) queue.end(this.failure);
    else this.queues.add(queue);
    return queue.iterator(() => this.queues.delete(queue));
  }

  /** Hand `event` to every listener of its type and every iterator. A throwing listener becomes an `error` event. */
  dispatch(event: ActorEvent): void {
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        // A throwing listener must not break the protocol: report it as an error event.
        if (event.type !== 'error') this.dispatch({ type: 'error', error: new ListenerError(event.type, error) });
        else console.error('asyncactor: an error listener threw', error);
      }
    }
    for (const queue of this.queues) queue.push(event);
  }

  /** No more events: iterators drain what they hold, then end (or throw `failure`). */
  end(failure: Error | undefined): void {
    this.ended = true;
    this.failure = failure;
    for (const queue of this.queues) queue.end(failure);
    this.queues.clear();
  }
}
