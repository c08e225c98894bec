/**
 * What the agent's replies mean: the bodies it sends, as they come (`Raw…`)
 * and as the client hands them on, and one decoder per kind of body.
 *
 * The decoders are lenient on purpose: a missing field becomes its empty
 * value (0, '', an empty list or map) rather than an error.
 *
 * @module
 */

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

/** The members of a `members` or `members-filtered` reply. */
export function membersOf(body: unknown): SerfMember[] {
  const members = (body as { Members?: RawMember[] } | undefined)?.Members ?? [];
  return members.map(toMember);
}

/** How many agents a `join` reply says were joined. */
export function joinedCount(body: unknown): number {
  return Number((body as { Num?: number } | undefined)?.Num ?? 0);
}

/** The reply of a key-ring command (`install-key`, `use-key`, `remove-key`, `list-keys`). */
export function keyResponse(body: unknown): KeyResponse {
  const raw = (body ?? {}) as { Messages?: Record<string, string>; NumNodes?: number; NumResp?: number; NumErr?: number; Keys?: Record<string, number> };
  return {
    messages: raw.Messages ?? {},
    numNodes: Number(raw.NumNodes ?? 0),
    numResponses: Number(raw.NumResp ?? 0),
    numErrors: Number(raw.NumErr ?? 0),
    keys: raw.Keys ?? {},
  };
}

/** A `stats` reply, every value as text. */
export function toStats(body: unknown): SerfStats {
  const sections = (body ?? {}) as Record<string, Record<string, unknown>>;
  const stats: Record<string, Record<string, string>> = {};
  for (const [section, values] of Object.entries(sections)) {
    stats[section] = Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, String(value)]));
  }
  return stats;
}

/** A `get-coordinate` reply: the coordinate, or undefined if the agent has none. */
export function toCoordinate(body: unknown): SerfCoordinate | undefined {
  const raw = body as { Ok?: boolean; Coord?: { Vec?: number[]; Error?: number; Adjustment?: number; Height?: number } } | undefined;
  if (!raw?.Ok || !raw.Coord) return undefined;
  const coord = raw.Coord;
  return { vec: coord.Vec ?? [], error: coord.Error ?? 0, adjustment: coord.Adjustment ?? 0, height: coord.Height ?? 0 };
}

/**
 * A payload of its own: bodies are decoded where the bytes arrived, so a
 * payload is a view of a socket read of up to 64 KiB; a copy of its few
 * bytes keeps a payload the user holds on to from holding the whole read.
 * Copied by `new Uint8Array`, never by `slice`, which on a `Buffer` is a view.
 */
function own(payload: Uint8Array | undefined): Uint8Array {
  return payload === undefined ? new Uint8Array(0) : new Uint8Array(payload);
}

/** A record of `stream`. */
export function toStreamEvent(body: unknown): SerfStreamEvent {
  const raw = body as { Event?: string; Name?: string; Payload?: Uint8Array; LTime?: number; Coalesce?: boolean; ID?: number; Members?: RawMember[] };
  switch (raw.Event) {
    case 'user':
      return { type: 'user', name: String(raw.Name), payload: own(raw.Payload), lamportTime: Number(raw.LTime ?? 0), coalesce: Boolean(raw.Coalesce) };
    case 'query':
      return { type: 'query', id: Number(raw.ID), name: String(raw.Name), payload: own(raw.Payload), lamportTime: Number(raw.LTime ?? 0) };
    default:
      return { type: raw.Event as 'member-join', members: (raw.Members ?? []).map(toMember) };
  }
}

/** A record of `monitor`: one log line ('' if the record has none). */
export function toLogLine(body: unknown): string {
  const log = (body as { Log?: unknown }).Log;
  return typeof log === 'string' ? log : '';
}

/** A record of `query`: an ack, a response, `done` (the query is over), or undefined for a kind the client does not know. */
export function toQueryRecord(body: unknown): SerfQueryRecord | { readonly type: 'done' } | undefined {
  const raw = body as { Type?: string; From?: string; Payload?: Uint8Array };
  switch (raw.Type) {
    case 'done':
      return { type: 'done' };
    case 'ack':
      return { type: 'ack', from: String(raw.From) };
    case 'response':
      return { type: 'response', from: String(raw.From), payload: own(raw.Payload) };
    default:
      return undefined;
  }
}
