/**
 * The demo's optional scenarios, counted in tags: `--kill` closes the tagged
 * node after 3 tags and restarts it 3 tags later; `--partition` splits the
 * group in halves after 4 tags and heals it 12 tags later.
 *
 * @module
 */
/** What a scenario step needs from the running demo. */
export interface ScenarioHost {
  readonly names: readonly string[];
  /** Nodes tagged now. */
  current(): readonly string[];
  /** Close this node's actor as if it crashed; false if it is not running. */
  kill(name: string): boolean;
  /** Start this node's actor again. */
  restart(name: string): void;
  running(name: string): boolean;
  split(groups: readonly (readonly string[])[]): void;
  heal(): void;
}

/** The progress of the scenarios chosen. */
export class Scenario {
  private killed: { name: string; atTag: number } | undefined;
  private splitAt: number | undefined;
  private healed = false;

  constructor(
    private readonly choice: { readonly kill: boolean; readonly partition: boolean },
    private readonly host: ScenarioHost,
  ) {}

  /** After the `total`-th tag: the note to show, if a step was taken. */
  afterTag(total: number): string | undefined {
    return this.killStep(total) ?? this.partitionStep(total);
  }

  private killStep(total: number): string | undefined {
    if (!this.choice.kill) return undefined;
    if (!this.killed && total === 3) {
      const victim = this.host.current()[0];
      if (victim === undefined || !this.host.kill(victim)) return undefined;
      this.killed = { name: victim, atTag: total };
      return `killed ${victim}`;
    }
    if (this.killed && !this.host.running(this.killed.name) && total === this.killed.atTag + 3) {
      this.host.restart(this.killed.name);
      return `restarted ${this.killed.name}`;
    }
    return undefined;
  }

  private partitionStep(total: number): string | undefined {
    if (!this.choice.partition) return undefined;
    if (this.splitAt === undefined && total === 4) {
      const groups = [this.host.names.filter((_, i) => i % 2 === 0), this.host.names.filter((_, i) => i % 2 === 1)];
      this.host.split(groups);
      this.splitAt = total;
      return `split into ${groups.map((g) => g.join('+')).join(' | ')}`;
    }
    if (this.splitAt !== undefined && !this.healed && total >= this.splitAt + 12) {
      this.host.heal();
      this.healed = true;
      return 'healed the split';
    }
    return undefined;
  }
}
