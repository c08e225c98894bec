/**
 * One event of one actor in a few words, for logs and tables.
 *
 * @module
 */
import type { ActorEvent } from '@asyncactor/core';
import type { LoggedEvent } from '../recorder';

/** A short description of an event for the log. */
export function describeEvent(entry: LoggedEvent): string {
  const event: ActorEvent = entry.event;
  switch (event.type) {
    case 'tag':
      return `${entry.node} tagged`;
    case 'untag':
      return `${entry.node} untagged (${event.reason})`;
    case 'detag':
      return `${entry.node} detagged by ${event.node}`;
    case 'recover':
      return `${entry.node} recovers (priority ${event.priority})`;
    case 'disconnected':
      return `${entry.node} lost the channel`;
    case 'reconnected':
      return `${entry.node} is back on the channel`;
    case 'error':
      return `${entry.node} error: ${event.error.message}`;
    case 'setup':
      return `${entry.node} adopted config v${event.config.version}`;
    default:
      return `${entry.node} ${event.type}`;
  }
}
