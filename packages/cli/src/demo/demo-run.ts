/**
 * One run of the demo: N actors on one channel, the scenarios, the display
 * refreshed while it runs, and a watchdog that ends a run in which nothing
 * is ever tagged.
 *
 * @module
 */
import { Actor, cycleTimeMax, decodeMessage, makeConfig, type ConfigInput } from '@asyncactor/core';
import type { Channel } from '../channel';
import { CliError } from '../errors';
import type { Display, NodeRow } from '../display/frame';
import { DemoRecorder } from '../recorder';
import { Scenario, type ScenarioHost } from './scenario';

/** What the demo was asked to do. */
export interface DemoPlan {
  readonly count: number;
  /** Stop after this many tags (Infinity: until the signal aborts). */
  readonly cycles: number;
  readonly config: ConfigInput;
  readonly kill: boolean;
  readonly partition: boolean;
  /** How often the display is refreshed. */
  readonly refreshMs: number;
}

/** The running demo's actors, by name. */
export class DemoRun implements ScenarioHost {
  readonly names: readonly string[];
  readonly recorder: DemoRecorder;
  private readonly actors = new Map<string, Actor>();
  private readonly started = performance.now();
  private readonly scenario: Scenario;
  private note: string | undefined;
  private stop: () => void = () => undefined;
  private readonly finished = new Promise<void>((resolve) => (this.stop = resolve));

  constructor(
    private readonly channel: Channel,
    private readonly plan: DemoPlan,
    private readonly display: Display,
  ) {
    this.names = Array.from({ length: plan.count }, (_, i) => `node-${i + 1}`);
    this.recorder = new DemoRecorder(() => this.elapsed());
    this.scenario = new Scenario(plan, this);
    channel.tap?.((node, payload) => {
      const decoded = decodeMessage(payload);
      if (decoded.ok) this.recorder.note({ t: this.elapsed(), type: 'send', node, kind: decoded.message.type, bytes: payload.byteLength });
    });
    this.recorder.onTag = (total) => {
      if (total >= plan.cycles) this.stop();
      this.note = this.scenario.afterTag(total) ?? this.note;
    };
  }

  /** Start every actor and run until `signal` aborts or the planned tags are done; then close every actor. */
  async run(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.stop(), { once: true });
    if (signal.aborted) this.stop();
    try {
      await Promise.all(this.names.map((name) => this.startActor(name)));
      const timer = setInterval(() => this.render(), this.plan.refreshMs);
      const watchdog = this.startWatchdog();
      try {
        await this.finished;
        this.render();
      } finally {
        clearInterval(timer);
        watchdog.cancel();
      }
      if (watchdog.stalled()) throw new CliError(`no actor was tagged within ${watchdog.seconds.toFixed(0)} s: is the channel delivering messages?`);
    } finally {
      await Promise.all([...this.actors.values()].map((actor) => actor.close()));
    }
  }

  current(): readonly string[] {
    return this.recorder.current;
  }

  running(name: string): boolean {
    return this.actors.has(name);
  }

  kill(name: string): boolean {
    const actor = this.actors.get(name);
    if (!actor) return false;
    this.recorder.forget(actor);
    this.actors.delete(name);
    void actor.close();
    return true;
  }

  restart(name: string): void {
    void this.startActor(name).catch((error: unknown) => this.display.line(`restart failed: ${String(error)}`));
  }

  split(groups: readonly (readonly string[])[]): void {
    this.channel.split?.(groups);
    this.recorder.note({ t: this.elapsed(), type: 'split', groups });
  }

  heal(): void {
    this.channel.heal?.();
    this.recorder.note({ t: this.elapsed(), type: 'heal' });
  }

  private elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  private async startActor(name: string): Promise<void> {
    const actor = await Actor.start(await this.channel.connect(name), name, this.plan.config);
    actor.setValue(1);
    actor.setReady();
    this.actors.set(name, actor);
    this.recorder.follow(actor);
  }

  /** If nothing is ever tagged, something is wrong with the channel: say so rather than hang. */
  private startWatchdog(): { stalled: () => boolean; cancel: () => void; seconds: number } {
    const seconds = cycleTimeMax(makeConfig(this.plan.config)) * 6;
    let stalled = false;
    const timer = setInterval(() => {
      if (this.recorder.totalTags > 0 || this.elapsed() <= seconds) return;
      stalled = true;
      this.stop();
    }, 500);
    return { stalled: () => stalled, cancel: () => clearInterval(timer), seconds };
  }

  private render(): void {
    const rows: NodeRow[] = this.names.map((name) => {
      const actor = this.actors.get(name);
      const state = !actor ? 'down' : actor.tagged ? 'it' : actor.enabled ? 'up' : 'passive';
      return { name, state, tags: this.recorder.tagsOf(name), history: actor?.history ?? [] };
    });
    const first = this.actors.values().next().value;
    this.display.show({
      cycle: this.recorder.totalTags,
      elapsed: this.elapsed(),
      current: this.recorder.current,
      history: first?.history ?? [],
      broadcastsPerTag: this.recorder.summary().broadcastsPerTag,
      rows,
      events: this.recorder.takeEvents(),
      ...(this.note ? { note: this.note } : {}),
    });
    this.note = undefined;
  }
}
