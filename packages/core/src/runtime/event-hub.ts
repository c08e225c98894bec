/**
 * Where an actor's events go: the listeners registered with `on` and
 * `once`, and one bounded queue per async iterator.
 *
 * @module
 */
import { ListenerError } from '../errors';
import type { ActorEvent, ActorEventType } from '../events';
import { EventQueue } from './event-queue';

/** A listener for events of one type. */
export type ActorListener<T extends ActorEventType> = (event: Extract<ActorEvent, { type: T }>) => void;

type AnyListener = (event: ActorEvent) => void;

/** The listeners and iterators of one actor. See the module comment. */
export class EventHub {
  /** By type: each listener as registered, and what runs for it (`once` wraps it). */
  readonly #listeners = new Map<ActorEventType, Map<AnyListener, AnyListener>>();
  readonly #queues = new Set<EventQueue<ActorEvent>>();
  #ended = false;
  #failure: Error | undefined;
  /** Events dropped because an iterator's consumer fell behind. */
  overflowed = 0;

  readonly #limit: number;
  readonly #onListenerError: (error: unknown) => void;

  /**
   * @param limit most events buffered per iterator
   * @param onListenerError where an `error` listener that throws is reported (it cannot be an `error` event)
   */
  constructor(limit: number, onListenerError: (error: unknown) => void) {
    this.#limit = limit;
    this.#onListenerError = onListenerError;
  }

  /** Call `listener` for every event of `type` (once per listener however often added); returns a function that removes it. */
  on<T extends ActorEventType>(type: T, listener: ActorListener<T>): () => void {
    const original = listener as AnyListener;
    this.#listenersOf(type).set(original, original);
    return () => this.off(type, listener);
  }

  /** Call `listener` for the next event of `type` only; returns a function that removes it first. */
  once<T extends ActorEventType>(type: T, listener: ActorListener<T>): () => void {
    const original = listener as AnyListener;
    const listeners = this.#listenersOf(type);
    listeners.set(original, (event) => {
      listeners.delete(original);
      original(event);
    });
    return () => this.off(type, listener);
  }

  /** Remove `listener` (added with `on` or `once`) from events of `type`. */
  off<T extends ActorEventType>(type: T, listener: ActorListener<T>): void {
    this.#listeners.get(type)?.delete(listener as AnyListener);
  }

  /** A new iterator of every event from now on; it ends (or throws the failure) once the hub has ended. */
  iterator(): AsyncIterator<ActorEvent> {
    const queue = new EventQueue<ActorEvent>(this.#limit, () => {
      this.overflowed++;
    });
    if (this.#ended) queue.end(this.#failure);
    else this.#queues.add(queue);
    return queue.iterator(() => this.#queues.delete(queue));
  }

  /**
   * Hand `event` to every listener of its type and every iterator. A
   * throwing listener becomes an `error` event. Returns whether anyone
   * got the event (a listener of its type or an iterator).
   */
  dispatch(event: ActorEvent): boolean {
    const listeners = this.#listeners.get(event.type);
    const heard = (listeners?.size ?? 0) > 0 || this.#queues.size > 0;
    for (const listener of [...(listeners?.values() ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        // A throwing listener must not break the protocol: report it as an error event.
        if (event.type !== 'error') this.dispatch({ type: 'error', error: new ListenerError(event.type, error) });
        else this.#onListenerError(error);
      }
    }
    for (const queue of this.#queues) queue.push(event);
    return heard;
  }

  /** No more events: iterators drain what they hold, then end (or throw `failure`). */
  end(failure: Error | undefined): void {
    this.#ended = true;
    this.#failure = failure;
    for (const queue of this.#queues) queue.end(failure);
    this.#queues.clear();
  }

  #listenersOf(type: ActorEventType): Map<AnyListener, AnyListener> {
    let listeners = this.#listeners.get(type);
    if (!listeners) this.#listeners.set(type, (listeners = new Map<AnyListener, AnyListener>()));
    return listeners;
  }
}
