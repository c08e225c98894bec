/**
 * The start-up check (PROTOCOL §6, "Start"): a node's own `init` must come
 * back over the channel within `cycle + gap * (1.5 + r/2)`, or the channel
 * does not work for it; if it comes back twice, another node has its name.
 *
 * @module
 */
import type { ActorConfig } from '../config';
import { ActorCollisionError, ActorTimeoutError } from '../errors';
import type { TimerTable } from './timers';

/** The start-up check of one node, with its timer `startup`. */
export class StartupCheck {
  #echoed = false;
  #window = 0;
  #began = 0;

  readonly #name: string;
  readonly #timers: TimerTable;

  constructor(name: string, timers: TimerTable) {
    this.#name = name;
    this.#timers = timers;
  }

  /** True once our own `init` came back. */
  get passed(): boolean {
    return this.#echoed;
  }

  /** How long our own `init` may take to come back, in seconds. */
  get echoWithin(): number {
    return this.#window;
  }

  /**
   * When the start-up window ends. Until then a second `init` of our name
   * is a collision that stops us; after it, we are the established node.
   */
  get settledAt(): number {
    return this.#began + this.#window;
  }

  /** We sent our `init` at `now`: wait for it. */
  begin(now: number, config: ActorConfig, random: () => number): void {
    this.#began = now;
    this.#window = config.cycle + config.gap * (1.5 + random() / 2);
    this.#timers.set('startup', now + this.#window);
  }

  /** Our own `init` arrived. The second time, it is another node's: a collision. */
  ownInit(): ActorCollisionError | undefined {
    if (this.#echoed) return new ActorCollisionError(this.#name);
    this.#echoed = true;
    this.#timers.clear('startup');
    return undefined;
  }

  /** The `startup` timer fired: the timeout error if our `init` never came back. */
  expire(): ActorTimeoutError | undefined {
    this.#timers.clear('startup');
    if (this.#echoed) return undefined;
    return new ActorTimeoutError(
      `own init message did not come back within ${this.#window.toFixed(2)} s: may this node publish on the channel, and does the channel deliver a node's own messages? (a read-only node can watch with the silent option)`,
    );
  }
}
