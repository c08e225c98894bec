/**
 * The four ways `watch` prints: the group redrawn in place (a terminal),
 * one line per message plus the members that drop off or come back (pipes,
 * logs), one JSON object per line (`--json`), every message as it is
 * (`--raw`).
 *
 * @module
 */
import type { Message, Value } from '@asyncactor/core';
import { Redraw } from '../display/redraw';
import { describeChange, type GroupChange } from './group-changes';
import { groupScreen, showValue } from './group-screen';
import type { GroupSnapshot } from './group-view';

/** Where `watch` shows what it hears. */
export interface WatchOutput {
  /** A message arrived. */
  message(message: Message, configVersion: number): void;
  /** The group now (called on every message and twice a second). */
  group(snapshot: GroupSnapshot, changes: readonly GroupChange[]): void;
}

function clock(): string {
  return new Date().toISOString().slice(11, 23);
}

/** A message in words. */
export function describeMessage(message: Message, version: number): string {
  switch (message.type) {
    case 'ping':
      return `${clock()} ${message.node} pinged value=${showValue(message.value)} chain=${message.history.join(',')} (config v${version})`;
    case 'history':
      return `${clock()} re-announced chain ${message.history.join(',')} value=${showValue(message.value)}`;
    case 'config':
      return `${clock()} config v${message.config.version} from ${message.node}: cycle ${message.config.cycle} s, gap ${message.config.gap} s, nodes ${message.config.nodes}`;
    case 'init':
      return `${clock()} ${message.node} started`;
  }
}

/** The group redrawn in place, under `title`. */
export function screenOutput(write: (text: string) => void, title: string): WatchOutput {
  const screen = new Redraw(write);
  return {
    message: () => undefined,
    group: (snapshot) => screen.draw(groupScreen(title, snapshot)),
  };
}

/** One line per message; drops and returns as lines of their own. */
export function lineOutput(out: (line: string) => void): WatchOutput {
  return {
    message: (message, version) => out(describeMessage(message, version)),
    group: (_, changes) => changes.forEach((change) => out(`${clock()} ${describeChange(change)}`)),
  };
}

/** Every message as it is, nothing else. */
export function rawOutput(out: (line: string) => void): WatchOutput {
  return {
    message: (message) => out(`${clock()} ${showValue(message as unknown as Value)}`),
    group: () => undefined,
  };
}

/** One JSON object per message (its `type` is the message's) and per drop or return. */
export function jsonOutput(out: (line: string) => void): WatchOutput {
  const time = (): string => new Date().toISOString();
  return {
    message: (message, configVersion) => out(JSON.stringify({ time: time(), configVersion, ...(JSON.parse(showValue(message as unknown as Value)) as object) })),
    group: (_, changes) => changes.forEach((change) => out(JSON.stringify({ type: change.type, time: time(), node: change.node, lastHeardSeconds: Number(change.lastHeardSeconds.toFixed(3)) }))),
  };
}
