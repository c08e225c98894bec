/**
 * The Serf agent's RPC commands, and what kind of reply each one gets: a bare
 * header, a header and a body, or (for streams) an acknowledgement and then
 * records.
 *
 * @module
 */

/** Every RPC command of the agent. */
export type SerfCommand =
  | 'handshake'
  | 'auth'
  | 'event'
  | 'force-leave'
  | 'join'
  | 'members'
  | 'members-filtered'
  | 'tags'
  | 'stream'
  | 'monitor'
  | 'stop'
  | 'leave'
  | 'query'
  | 'respond'
  | 'install-key'
  | 'use-key'
  | 'remove-key'
  | 'list-keys'
  | 'stats'
  | 'get-coordinate';

/** Commands whose successful reply is a header followed by a body. */
export const COMMANDS_WITH_BODY: ReadonlySet<SerfCommand> = new Set<SerfCommand>([
  'join',
  'members',
  'members-filtered',
  'install-key',
  'use-key',
  'remove-key',
  'list-keys',
  'stats',
  'get-coordinate',
]);

/** Commands answered by an acknowledgement, then by records (header + body each) on the same `Seq`. */
export const STREAMING_COMMANDS: ReadonlySet<SerfCommand> = new Set<SerfCommand>(['stream', 'monitor', 'query']);
