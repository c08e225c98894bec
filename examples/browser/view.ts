/**
 * The page's picture of the group: who is it now, the history this actor
 * agreed on, and the latest events.
 */
import type { ActorEvent } from '@asyncactor/core';

const MAX_LOG = 12;

/** Renders one actor's view of its group into the page. */
export class GroupView {
  private readonly it: HTMLElement;
  private readonly history: HTMLElement;
  private readonly log: HTMLElement;
  private readonly statusLine: HTMLElement;

  constructor(
    private readonly document: Document,
    private readonly name: string,
    topic: string,
  ) {
    const byId = (id: string): HTMLElement => document.getElementById(id)!;
    byId('name').textContent = name;
    byId('topic').textContent = topic;
    this.it = byId('it');
    this.history = byId('history');
    this.log = byId('log');
    this.statusLine = byId('status');
  }

  /** One line of status (connected, failed). */
  status(text: string): void {
    this.statusLine.textContent = text;
  }

  /** Show `event` and the history as it is after it. */
  event(event: ActorEvent, history: readonly string[]): void {
    if (event.type === 'tag') this.showIt(this.name);
    else if (event.type === 'ping') this.showIt(event.takesTurn ? event.node : '');
    else if (event.type === 'untag' || event.type === 'detag') this.showIt('');
    this.history.replaceChildren(...history.map((node) => this.item(node, node === this.name)));
    const at = new Date().toISOString().slice(11, 23);
    this.log.prepend(this.item(`${at} ${describe(event)}`, event.type === 'tag'));
    while (this.log.children.length > MAX_LOG) this.log.lastElementChild!.remove();
  }

  private showIt(node: string): void {
    this.it.textContent = node === '' ? 'nobody (between turns)' : node === this.name ? `${node} (me)` : node;
    this.it.classList.toggle('me', node === this.name);
  }

  private item(text: string, mine: boolean): HTMLLIElement {
    const li = this.document.createElement('li');
    li.textContent = text;
    if (mine) li.className = 'me';
    return li;
  }
}

function describe(event: ActorEvent): string {
  switch (event.type) {
    case 'tag':
      return 'tag: I am it';
    case 'untag':
      return `untag (${event.reason})`;
    case 'detag':
      return `detag by ${event.node}`;
    case 'ping':
      return event.takesTurn ? `ping from ${event.node}: it is it` : `ping from ${event.node}: a new chain, nobody is it`;
    case 'error':
      return `error: ${event.error.message}`;
    default:
      return event.type;
  }
}
