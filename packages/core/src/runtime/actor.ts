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
import { ActorClosedError, ActorTimeoutError, ConfigError, PayloadTooLargeError, TransportError } from '../errors';
import type { ActorEvent, ActorEventType } from '../events';
import type { Message } from '../messages';
import { ActorMachine } from '../protocol/machine';
import type { MachineOptions } from '../protocol/options';
import type { MachineStats } from '../stats';
import type { Value } from '../value';
import { encodeMessage } from '../wire';
import { systemClock, type Clock } from './clock';
import { EventHub, type ActorListener } from './event-hub';
import { checkValue } from './value-check';
import type { Transport, TransportEvent } from './transport';

/** Options of {@link Actor.start}. */
export interface ActorOptions extends Omit<MachineOptions, 'config'> {
  /** The clock to run on. Default: the real one. */
  readonly clock?: Clock;
  /** Aborting closes the actor (or makes `start` reject). */
  readonly signal?: AbortSignal;
  /**
   * Most events buffered per async iterator for a slow consumer; beyond
   * that the oldest are dropped and counted in `stats.eventsOverflowed`.
   * Default 1024.
   */
  readonly maxBufferedEvents?: number;
}

/** The machine's counters plus the runtime's own. */
export interface ActorStats extends MachineStats {
  /** Sends the transport rejected. */
  readonly sendErrors: number;
  /** Events dropped because an async iterator's consumer fell behind. */
  readonly eventsOverflowed: number;
  /** Transport events that broke the contract (a `message` without a `Uint8Array` payload, an unknown type), dropped. */
  readonly transportEventsDropped: number;
}

/**
 * One node of a group. Create it with {@link Actor.start}; end it with
 * {@link Actor.close} (or `await using`, or the `signal` option).
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
  private readonly events: EventHub;
  private cancelTimer: (() => void) | undefined;
  private timerAt: number | undefined;
  private pumping = false;
  private closing: Promise<void> | undefined;
  private settleStart: ((error?: Error) => void) | undefined;
  private failure: Error | undefined;
  /** The last send the transport refused while starting: the likely cause of a start-up timeout. */
  private startupSendError: Error | undefined;
  private sendErrors = 0;
  private transportEventsDropped = 0;
  private readonly onAbort = (): void => void this.close();

  private constructor(
    private readonly transport: Transport,
    name: string,
    config: ConfigInput,
    private readonly options: ActorOptions,
    private readonly clock: Clock,
  ) {
    this.machine = new ActorMachine(name, { ...options, config });
    const buffered = options.maxBufferedEvents ?? 1024;
    if (!(Number.isSafeInteger(buffered) && buffered >= 1)) throw new ConfigError('maxBufferedEvents', `must be an integer >= 1 (got ${String(buffered)})`);
    this.events = new EventHub(buffered);
  }

  /**
   * Open the transport, announce this node, and resolve once its own `init`
   * came back over the channel.
   *
   * @throws {ConfigError} for a bad config or name.
   * @throws {ActorTimeoutError} if our own `init` never came back.
   * @throws {ActorCollisionError} if another node uses `name`.
   */
  static async start(transport: Transport, name: string, config: ConfigInput = {}, options: ActorOptions = {}): Promise<Actor> {
    const actor = new Actor(transport, name, config, options, options.clock ?? systemClock);
    await actor.begin();
    return actor;
  }

  private async begin(): Promise<void> {
    const { signal } = this.options;
    signal?.throwIfAborted();
    const started = new Promise<void>((resolve, reject) => {
      this.settleStart = (error) => (error ? reject(error) : resolve());
    });
    // It may settle while we still wait for the transport; we read it below.
    started.catch(() => undefined);
    signal?.addEventListener('abort', this.onAbort, { once: true });
    try {
      await this.openTransport(started);
      if (this.closing) throw this.failure ?? new ActorClosedError('closed while starting');
      this.machine.start(this.clock.now());
      this.pump();
      await started;
    } catch (error) {
      await this.close();
      throw signal?.aborted ? (signal.reason as Error) : error;
    }
  }

  /**
   * Open the transport, within the start-up bound (`cycleTimeMax` of the
   * config): a transport whose `open` never settles must not hold `start`
   * for ever. `started` rejects when the actor is closed or aborted
   * meanwhile, which ends the wait at once.
   */
  private openTransport(started: Promise<void>): Promise<void> {
    const seconds = cycleTimeMax(this.machine.config);
    return new Promise<void>((resolve, reject) => {
      const timeout = new ActorTimeoutError(`the transport did not open within ${seconds.toFixed(2)} s (${this.transport.description ?? 'no description'})`);
      const cancel = this.clock.schedule(this.clock.now() + seconds, () => reject(timeout));
      const fail = (error: unknown): void => {
        cancel();
        reject(error instanceof Error ? error : new TransportError(String(error)));
      };
      started.catch(fail);
      this.transport.open((event) => this.onTransportEvent(event)).then(() => {
        cancel();
        resolve();
      }, fail);
    });
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
  /** True once {@link close} was called or the actor failed. */
  get closed(): boolean {
    return this.closing !== undefined;
  }
  /** Counters: messages by kind, drops by reason, collisions, recoveries, … */
  get stats(): ActorStats {
    return { ...this.machine.stats, sendErrors: this.sendErrors, eventsOverflowed: this.events.overflowed, transportEventsDropped: this.transportEventsDropped };
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
    if (this.closing) throw new ActorClosedError('setValue() after close()');
    // Rank ourselves by the value as the peers decode it, so that every node's verdicts agree.
    this.machine.setValue(checkValue(value, this.name, this.machine.history, this.config.splits, this.transport.maxPayloadBytes));
  }

  /** Mark the application ready (or not) to take its turn. */
  setReady(ready = true): void {
    this.machine.setReady(ready);
  }

  /** Take part again after {@link disable}. */
  enable(): void {
    this.control((now) => this.machine.enable(now));
  }

  /** Listen only: end any tag, send nothing, keep following the group. */
  disable(): void {
    this.control(() => this.machine.disable());
  }

  /**
   * Broadcast a new config to the whole group (version defaults to current + 1).
   *
   * @throws {ConfigError} if a rule is broken or the version does not rise.
   */
  updateConfig(input: ConfigInput): void {
    this.control(() => this.machine.updateConfig(input));
  }

  /**
   * Call `listener` for every event of `type`. Listeners run synchronously
   * and must not throw. Returns a function that removes the listener.
   */
  on<T extends ActorEventType>(type: T, listener: ActorListener<T>): () => void {
    return this.events.on(type, listener);
  }

  /** Every event from now on, until the actor closes (then the iterator ends, or throws the failure). */
  [Symbol.asyncIterator](): AsyncIterator<ActorEvent> {
    return this.events.iterator();
  }

  /**
   * Stop: end any tag (an `untag` with reason `closed`), cancel the timer,
   * close the transport. Idempotent; resolves when everything is released.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals --------------------------------------------------------------

  private async shutdown(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.machine.close();
    this.pump();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const startError = this.failure ?? new ActorClosedError('closed before the start completed');
    this.settleStart?.(startError);
    this.settleStart = undefined;
    this.events.end(this.failure);
    try {
      await this.transport.close();
    } catch (error) {
      this.dispatch({ type: 'error', error: asError(error) });
    }
  }

  private control(action: (now: number) => void): void {
    if (this.closing) throw new ActorClosedError();
    action(this.clock.now());
    this.pump();
  }

  private onTransportEvent(event: TransportEvent): void {
    if (this.closing) return;
    const now = this.clock.now();
    switch (event?.type) {
      case 'message':
        if (event.payload instanceof Uint8Array) this.machine.receive(now, event.payload);
        else this.transportEventsDropped++;
        this.pump();
        return;
      case 'down':
        this.machine.channelDown();
        this.pump();
        this.dispatch(event.error ? { type: 'disconnected', error: event.error } : { type: 'disconnected' });
        return;
      case 'up':
        this.machine.channelUp(now);
        this.pump();
        this.dispatch({ type: 'reconnected' });
        return;
      case 'error':
        this.dispatch({ type: 'error', error: event.error });
        return;
      case 'closed':
        this.failure = event.error ?? new TransportError('the transport closed');
        this.dispatch({ type: 'error', error: this.failure });
        void this.close();
        return;
      default:
        // Not an event of the transport contract: count it, do not throw back into the transport.
        this.transportEventsDropped++;
    }
  }

  private onTimer(): void {
    this.cancelTimer = undefined;
    this.timerAt = undefined;
    this.machine.tick(this.clock.now());
    this.pump();
  }

  /** Carry out what the machine asked for: sends, events, failure, the next timer. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const { sends, events } = this.machine.drain();
        if (sends.length === 0 && events.length === 0) break;
        for (const message of sends) this.transmit(message);
        for (const event of events) this.dispatch(event);
      }
    } finally {
      this.pumping = false;
    }
    this.settle();
    this.armTimer();
  }

  private settle(): void {
    const failure = this.machine.failure;
    if (failure && !this.failure) {
      this.failure = withStartupCause(failure, this.startupSendError);
      this.dispatch({ type: 'error', error: failure });
      void this.close();
      return;
    }
    if (this.settleStart && this.machine.phase === 'running') {
      this.settleStart();
      this.settleStart = undefined;
    }
  }

  private armTimer(): void {
    const at = this.closing ? undefined : this.machine.deadline;
    if (at === this.timerAt) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = at;
    if (at !== undefined) this.cancelTimer = this.clock.schedule(at, () => this.onTimer());
  }

  private transmit(message: Message): void {
    const payload = encodeMessage(message);
    const limit = this.transport.maxPayloadBytes;
    if (limit !== undefined && payload.byteLength > limit) {
      this.sendErrors++;
      this.dispatch({ type: 'error', error: new PayloadTooLargeError(payload.byteLength, limit, `${message.type} message`) });
      return;
    }
    let sent: Promise<void>;
    try {
      sent = this.transport.send(payload);
    } catch (error) {
      // A transport that throws instead of rejecting breaks its contract; treat it the same.
      sent = Promise.reject(asError(error));
    }
    sent.catch((error: unknown) => this.onSendError(asError(error)));
  }

  private onSendError(error: Error): void {
    this.sendErrors++;
    if (this.machine.phase === 'starting') this.startupSendError = error;
    if (!this.closing) this.dispatch({ type: 'error', error });
  }

  private dispatch(event: ActorEvent): void {
    this.events.dispatch(event);
  }
}

/** A start-up timeout whose real cause was a refused send carries it as `cause`, and names it. */
function withStartupCause(failure: Error, sendError: Error | undefined): Error {
  if (!(failure instanceof ActorTimeoutError) || !sendError) return failure;
  return new ActorTimeoutError(`${failure.message}; the transport refused this node's sends: ${sendError.message}`, { cause: sendError });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new TransportError(String(error));
}
