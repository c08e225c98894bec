/**
 * The Actor runtime: binds an {@link ActorMachine} to a {@link Transport}
 * and a {@link Clock}. It encodes what the machine sends and hands received
 * bytes to the machine (which decodes them), runs one timer for
 * the machine's next deadline, and hands events to the application as typed
 * listeners and as an async iterator.
 *
 * @module
 */
import { cycleTimeMax, type ActorConfig, type ConfigInput } from '../config';
import { ActorClosedError, ConfigError, TransportError } from '../errors';
import type { ActorEvent, ActorEventType } from '../events';
import type { Message } from '../messages';
import { ActorMachine } from '../protocol/machine';
import type { Member } from '../protocol/members';
import type { Value } from '../value';
import type { ActorOptions, ActorStats } from './actor-options';
import { systemClock, type Clock } from './clock';
import { DecisionLog } from './decision-log';
import { Ending, type ActorDone } from './ending';
import { EventHub, type ActorListener } from './event-hub';
import { defaultLogger, type Logger } from './logger';
import { openWithin } from './open-transport';
import { StartupTrouble } from './startup-trouble';
import { asError, transmit } from './transmit';
import { OneTimer } from './one-timer';
import { checkValue } from './value-check';
import type { Transport, TransportEvent } from './transport';

export type { ActorOptions, ActorStats } from './actor-options';
export type { ActorDone } from './ending';

/**
 * One node of a group. Start it with {@link Actor.start}, or create it with
 * {@link Actor.create}, attach listeners, then {@link Actor.start} it; end it
 * with {@link Actor.close} (or `await using`, or the `signal` option).
 *
 * @example
 * ```ts
 * await using actor = await Actor.start(transport, 'node-7', { cycle: 10, gap: 1.5 });
 * actor.setValue(42);
 * actor.setReady();
 * for await (const event of actor) {
 *   if (event.type === 'tag') startJob();
 *   else if (event.type === 'untag' || event.type === 'detag') stopJob();
 * }
 * ```
 */
export class Actor implements AsyncIterable<ActorEvent>, AsyncDisposable {
  private readonly machine: ActorMachine;
  readonly #events: EventHub;
  readonly #logger: Logger;
  /** Log lines of what this node decides; only with a `logger`. */
  readonly #log: DecisionLog | undefined;
  readonly #timer: OneTimer;
  #pumping = false;
  #starting: Promise<this> | undefined;
  #closing: Promise<void> | undefined;
  readonly #ending = new Ending();
  #settleStart: ((error?: Error) => void) | undefined;
  #failure: Error | undefined;
  /** What went wrong while starting: the likely cause of a start-up timeout. */
  readonly #trouble = new StartupTrouble();
  #sendErrors = 0;
  #transportEventsDropped = 0;
  readonly #onAbort = (): void => void this.#closeWith({ reason: 'aborted', error: this.#options.signal?.reason as Error });

  readonly #transport: Transport;
  readonly #options: ActorOptions;
  readonly #clock: Clock;

  private constructor(
    transport: Transport,
    name: string,
    config: ConfigInput,
    options: ActorOptions,
    clock: Clock,
  ) {
    this.#transport = transport;
    this.#options = options;
    this.#clock = clock;
    this.machine = new ActorMachine(name, { ...options, config });
    const buffered = options.maxBufferedEvents ?? 1024;
    if (!(Number.isSafeInteger(buffered) && buffered >= 1)) throw new ConfigError('maxBufferedEvents', `must be an integer >= 1 (got ${String(buffered)})`);
    this.#timer = new OneTimer(clock, () => this.#onTimer());
    this.#logger = options.logger ?? defaultLogger;
    this.#log = options.logger ? new DecisionLog(options.logger, `asyncactor ${name}`) : undefined;
    this.#events = new EventHub(buffered, (error) => this.#logger.error(`asyncactor ${name}: an error listener threw: ${String(error)}`));
  }

  /**
   * A new actor, not started: attach listeners (nothing of its start-up is
   * missed), then call {@link Actor.start}. Nothing is opened or sent yet.
   *
   * @throws {ConfigError} for a bad config or name.
   */
  static create(transport: Transport, name: string, config: ConfigInput = {}, options: ActorOptions = {}): Actor {
    return new Actor(transport, name, config, options, options.clock ?? systemClock);
  }

  /**
   * A new actor, started: `Actor.create(…).start()`.
   *
   * @throws {ConfigError} for a bad config or name.
   * @throws {ActorTimeoutError} if our own `init` never came back (its `cause` says why, when the transport told).
   * @throws {ActorCollisionError} if another node uses `name`.
   */
  static async start(transport: Transport, name: string, config: ConfigInput = {}, options: ActorOptions = {}): Promise<Actor> {
    return Actor.create(transport, name, config, options).start();
  }

  /**
   * Open the transport, announce this node, and resolve once its own `init`
   * came back over the channel. Calling it again returns the same promise.
   *
   * @throws {ActorTimeoutError} if our own `init` never came back (its `cause` says why, when the transport told).
   * @throws {ActorCollisionError} if another node uses our name.
   * @throws {ActorClosedError} if the actor was closed first.
   */
  start(): Promise<this> {
    if (!this.#starting && this.#closing) return Promise.reject(new ActorClosedError('start() after close()'));
    this.#starting ??= this.#begin().then(() => this);
    return this.#starting;
  }

  async #begin(): Promise<void> {
    const { signal } = this.#options;
    const started = new Promise<void>((resolve, reject) => {
      this.#settleStart = (error) => (error ? reject(error) : resolve());
    });
    // It may settle while we still wait for the transport; we read it below.
    started.catch(() => undefined);
    try {
      signal?.throwIfAborted();
      signal?.addEventListener('abort', this.#onAbort, { once: true });
      await openWithin(this.#transport, (event) => this.#onTransportEvent(event), this.#clock, cycleTimeMax(this.machine.config), started);
      if (this.#closing) throw this.#failure ?? new ActorClosedError('closed while starting');
      this.machine.start(this.#clock.now());
      this.#pump();
      await started;
      this.#log?.write('info', `started on ${this.#transport.description ?? 'its transport'}`);
    } catch (error) {
      const failure = signal?.aborted ? (signal.reason as Error) : this.#trouble.explain(error as Error);
      await this.#closeWith(signal?.aborted ? { reason: 'aborted', error: failure } : { reason: 'failed', error: failure });
      throw failure;
    }
  }

  // ---- state ----------------------------------------------------------------

  /** This node's name. */
  get name(): string {
    return this.machine.name;
  }
  /** The config in force. */
  get config(): ActorConfig {
    return this.machine.config;
  }
  /** The history as this node sees it, newest first. */
  get history(): readonly string[] {
    return this.machine.history;
  }
  /** True between this node's `tag` event and the event that ends it. */
  get tagged(): boolean {
    return this.machine.tagged;
  }
  /** False while passive (see {@link disable}). */
  get enabled(): boolean {
    return this.machine.enabled;
  }
  /** Resolves once the actor has ended and released everything, with how: closed, failed (and why) or aborted. Never rejects. */
  get done(): Promise<ActorDone> { return this.#ending.done; }
  /** True once {@link close} was called or the actor failed (see {@link done} for how it ended). */
  get closed(): boolean {
    return this.#closing !== undefined;
  }
  /** Every node heard within the members window (this one once its own messages come back), most recently heard first. */
  get members(): Member[] { return this.machine.members(this.#clock.now()); }
  /** Who holds the turn now, as far as this node knows (this node while its turn runs), or undefined. */
  get it(): string | undefined { return this.machine.it(this.#clock.now()); }
  /** Counters: messages by kind, drops by reason, collisions, recoveries, … */
  get stats(): ActorStats {
    return { ...this.machine.stats, sendErrors: this.#sendErrors, eventsOverflowed: this.#events.overflowed, transportEventsDropped: this.#transportEventsDropped };
  }
  /** The last value seen from `node`. */
  valueOf(node: string): Value | undefined {
    return this.machine.valueOf(node);
  }

  // ---- control ----------------------------------------------------------------

  /**
   * Set the value sent with our pings (`null` = not ready); it also breaks ties.
   *
   * @throws {PayloadTooLargeError} if a ping carrying it would not fit the transport.
   * @throws {InvalidValueError} if peers would drop it (nested deeper than 32 levels, say).
   * @throws {ActorClosedError} after {@link close}: the value would go nowhere.
   */
  setValue(value: Value): void {
    if (this.#closing) throw new ActorClosedError('setValue() after close()');
    // Rank ourselves by the value as the peers decode it, so that every node's verdicts agree.
    this.machine.setValue(checkValue(value, this.name, this.machine.history, this.config.splits, this.#transport.maxPayloadBytes));
  }

  /** Mark the application ready (or not) to take its turn. */
  setReady(ready = true): void {
    this.machine.setReady(ready);
  }

  /** Take part again after {@link disable}. */
  enable(): void {
    this.#control((now) => this.machine.enable(now));
  }

  /** Listen only: end any tag, send nothing, keep following the group. */
  disable(): void {
    this.#control(() => this.machine.disable());
  }

  /**
   * Broadcast a new config to the whole group (version defaults to current + 1).
   *
   * @throws {ConfigError} if a rule is broken or the version does not rise.
   */
  updateConfig(input: ConfigInput): void {
    this.#control(() => this.machine.updateConfig(input));
  }

  /**
   * Call `listener` for every event of `type`. Listeners run synchronously
   * and must not throw. Returns a function that removes the listener.
   */
  on<T extends ActorEventType>(type: T, listener: ActorListener<T>): () => void {
    return this.#events.on(type, listener);
  }

  /** Call `listener` for the next event of `type` only. Returns a function that removes it. */
  once<T extends ActorEventType>(type: T, listener: ActorListener<T>): () => void {
    return this.#events.once(type, listener);
  }

  /** Remove `listener` (added with {@link on} or {@link once}) from events of `type`. */
  off<T extends ActorEventType>(type: T, listener: ActorListener<T>): void {
    this.#events.off(type, listener);
  }

  /** Every event from now on, until the actor closes (then the iterator ends, or throws the failure). */
  [Symbol.asyncIterator](): AsyncIterator<ActorEvent> {
    return this.#events.iterator();
  }

  /**
   * Stop: end any tag (an `untag` with reason `closed`), cancel the timer,
   * close the transport. Idempotent; resolves when everything is released.
   */
  close(): Promise<void> {
    return this.#closeWith({ reason: 'closed' });
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals --------------------------------------------------------------

  /** Close for `end` (the first reason given is the one {@link done} reports). */
  #closeWith(end: ActorDone): Promise<void> {
    this.#ending.because(end);
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    this.machine.close();
    this.#pump();
    this.#timer.set(undefined);
    const startError = this.#failure ?? new ActorClosedError('closed before the start completed');
    this.#settleStart?.(startError);
    this.#settleStart = undefined;
    this.#events.end(this.#failure);
    try {
      await this.#transport.close();
    } catch (error) {
      this.#dispatch({ type: 'error', error: asError(error) });
    }
    this.#ending.finish(this.#log);
  }

  #control(action: (now: number) => void): void {
    if (this.#closing) throw new ActorClosedError();
    action(this.#clock.now());
    this.#pump();
  }

  #onTransportEvent(event: TransportEvent): void {
    if (this.#closing) return;
    const now = this.#clock.now();
    switch (event?.type) {
      case 'message':
        if (event.payload instanceof Uint8Array) this.machine.receive(now, event.payload);
        else this.#transportEventsDropped++;
        this.#pump();
        return;
      case 'down':
        if (event.error && this.machine.phase !== 'running') this.#trouble.transportReported(event.error);
        this.machine.channelDown();
        this.#pump();
        this.#dispatch(event.error ? { type: 'disconnected', error: event.error } : { type: 'disconnected' });
        return;
      case 'up':
        this.machine.channelUp(now);
        this.#pump();
        this.#dispatch({ type: 'reconnected' });
        return;
      case 'peersReturned':
        this.machine.peersReturned(now);
        this.#pump();
        return;
      case 'peersLost':
        this.machine.peersLost(now);
        this.#pump();
        return;
      case 'error':
        if (this.machine.phase !== 'running') this.#trouble.transportReported(event.error);
        this.#dispatch({ type: 'error', error: event.error });
        return;
      case 'closed':
        this.#failure = event.error ?? new TransportError('the transport closed');
        this.#dispatch({ type: 'error', error: this.#failure });
        void this.#closeWith({ reason: 'failed', error: this.#failure });
        return;
      default:
        // Not an event of the transport contract: count it, do not throw back into the transport.
        this.#transportEventsDropped++;
    }
  }

  #onTimer(): void {
    this.machine.tick(this.#clock.now());
    this.#pump();
  }

  /** Carry out what the machine asked for: sends, events, failure, the next timer. */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (;;) {
        const { sends, events } = this.machine.drain();
        if (sends.length === 0 && events.length === 0) break;
        for (const message of sends) this.#transmit(message);
        for (const event of events) this.#dispatch(event);
      }
    } finally {
      this.#pumping = false;
    }
    if (this.#log) this.#log.counters(this.machine.stats);
    this.#settle();
    this.#timer.set(this.#closing ? undefined : this.machine.deadline);
  }

  #settle(): void {
    const failure = this.machine.failure;
    if (failure && !this.#failure) {
      this.#failure = this.#trouble.explain(failure);
      // While starting, `start()` rejects with it: that is not an error nobody heard of.
      this.#dispatch({ type: 'error', error: failure }, this.#settleStart !== undefined);
      void this.#closeWith({ reason: 'failed', error: this.#failure });
      return;
    }
    if (this.#settleStart && this.machine.phase === 'running') {
      this.#settleStart();
      this.#settleStart = undefined;
    }
  }

  #transmit(message: Message): void {
    transmit(this.#transport, message).catch((error: unknown) => this.#onSendError(asError(error)));
  }

  #onSendError(error: Error): void {
    this.#sendErrors++;
    if (this.machine.phase === 'starting') this.#trouble.sendRefused(error);
    if (!this.#closing) this.#dispatch({ type: 'error', error });
  }

  /** Hand `event` to the application; an `error` nobody takes is logged (unless `reported` elsewhere). */
  #dispatch(event: ActorEvent, reported = false): void {
    const taken = this.#events.dispatch(event);
    if (event.type === 'error' && !taken && !reported) this.#logger.error(`asyncactor ${this.name}: error (no listener took it): ${event.error.message}`);
    else this.#log?.event(event);
  }
}
