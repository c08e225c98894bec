/**
 * The Serf agent's RPC protocol (msgpack over TCP): command names, request
 * and response shapes, and which responses carry a body.
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

/** The header before every request. */
export interface RequestHeader {
  readonly Command: SerfCommand;
  readonly Seq: number;
}

/** The header before every response. An `Error` reply carries no body. */
export interface ResponseHeader {
  readonly Seq: number;
  readonly Error: string;
}

/** A member as the agent reports it (raw). */
export interface RawMember {
  readonly Name: string;
  readonly Addr: Uint8Array;
  readonly Port: number;
  readonly Tags: Record<string, string>;
  readonly Status: string;
  readonly ProtocolMin: number;
  readonly ProtocolMax: number;
  readonly ProtocolCur: number;
  readonly DelegateMin: number;
  readonly DelegateMax: number;
  readonly DelegateCur: number;
}

/** A member of the cluster. */
export interface SerfMember {
  readonly name: string;
  /** The member's IP address as text (`10.0.0.1`, `::1`). */
  readonly address: string;
  readonly port: number;
  readonly tags: Readonly<Record<string, string>>;
  /** `alive`, `leaving`, `left`, `failed`. */
  readonly status: string;
  readonly protocol: { readonly min: number; readonly max: number; readonly current: number };
  readonly delegate: { readonly min: number; readonly max: number; readonly current: number };
}

/** What a key-ring command reports back. */
export interface KeyResponse {
  /** Per-node error messages, for nodes that failed. */
  readonly messages: Readonly<Record<string, string>>;
  readonly numNodes: number;
  readonly numResponses: number;
  readonly numErrors: number;
  /** For `list-keys`: each installed key and on how many nodes. */
  readonly keys: Readonly<Record<string, number>>;
}

/** A network coordinate (Vivaldi). */
export interface SerfCoordinate {
  readonly vec: readonly number[];
  readonly error: number;
  readonly adjustment: number;
  readonly height: number;
}

/** An event from `stream`. */
export type SerfStreamEvent =
  | {
      readonly type: 'user';
      readonly name: string;
      readonly payload: Uint8Array;
      readonly lamportTime: number;
      readonly coalesce: boolean;
    }
  | {
      readonly type: 'query';
      readonly id: number;
      readonly name: string;
      readonly payload: Uint8Array;
      readonly lamportTime: number;
    }
  | {
      readonly type: 'member-join' | 'member-leave' | 'member-failed' | 'member-update' | 'member-reap';
      readonly members: readonly SerfMember[];
    };

/** A record of a running `query`. */
export type SerfQueryRecord =
  | { readonly type: 'ack'; readonly from: string }
  | { readonly type: 'response'; readonly from: string; readonly payload: Uint8Array };

/** The agent's `stats`: sections of string values. */
export type SerfStats = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Turn an address as the agent sends it (4 or 16 raw bytes) into text. */
export function formatAddress(raw: Uint8Array | string | undefined): string {
  if (typeof raw === 'string') return raw;
  if (!raw || raw.length === 0) return '';
  // IPv4 addresses often come as IPv4-mapped IPv6 (::ffff:a.b.c.d).
  const mapped = raw.length === 16 && raw.subarray(0, 10).every((b) => b === 0) && raw[10] === 0xff && raw[11] === 0xff;
  if (raw.length === 4 || mapped) return [...raw.subarray(raw.length - 4)].join('.');
  if (raw.length !== 16) return [...raw].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((raw[i]! << 8) | raw[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** A raw member as a {@link SerfMember}. */
export function toMember(raw: RawMember): SerfMember {
  return {
    name: String(raw.Name),
    address: formatAddress(raw.Addr),
    port: Number(raw.Port),
    tags: { ...(raw.Tags ?? {}) },
    status: String(raw.Status),
    protocol: { min: raw.ProtocolMin, max: raw.ProtocolMax, current: raw.ProtocolCur },
    delegate: { min: raw.DelegateMin, max: raw.DelegateMax, current: raw.DelegateCur },
  };
}
