/**
 * The wire codec (PROTOCOL §3): messages to and from MessagePack maps.
 *
 * Encoding writes exactly the keys a Python node expects, in the order the
 * Python reference writes them, so our bytes equal theirs. Decoding never
 * throws: network input yields either a typed message or a typed reason to
 * drop it.
 *
 * @module
 */
import { ExtData } from '@msgpack/msgpack';
import { makeConfig, type ActorConfig } from './config';
import { ConfigError, messageOf } from './errors';
import { decodeMsgpack } from './msgpack-decode';
import { encodeMsgpack, utf8 } from './msgpack-encode';

export { fitsInt64 } from './msgpack-encode';
import type { Message } from './messages';
import type { Value } from './value';

/** Bounds applied to every received payload. */
export interface WireLimits {
  /** Most history entries accepted in a `ping` or `hist` (default 64). */
  readonly maxHistory: number;
  /** Longest node name accepted, in UTF-8 bytes (default 256). */
  readonly maxNameBytes: number;
  /** Largest payload accepted, in bytes (default 64 KiB). */
  readonly maxPayloadBytes: number;
}

/** The default {@link WireLimits}. */
export const DEFAULT_WIRE_LIMITS: WireLimits = Object.freeze({
  maxHistory: 64,
  maxNameBytes: 256,
  maxPayloadBytes: 64 * 1024,
});

/** Why a received payload was dropped. */
export type DropReason =
  /** Not decodable as MessagePack. */
  | 'malformed'
  /** Decodable, but not a map with a string `t`. */
  | 'not-a-message'
  /** A `t` this implementation does not know. */
  | 'unknown-type'
  /** A required key is missing or has the wrong type or range. */
  | 'invalid-field'
  /** Over one of the {@link WireLimits}. */
  | 'too-large';

/** The outcome of {@link decodeMessage}. */
export type DecodeResult =
  | { readonly ok: true; readonly message: Message }
  | { readonly ok: false; readonly reason: DropReason; readonly detail: string };

/** Every drop reason, for counters. */
export const DROP_REASONS: readonly DropReason[] = [
  'malformed',
  'not-a-message',
  'unknown-type',
  'invalid-field',
  'too-large',
];

/**
 * Encode a message as the MessagePack bytes a Python node sends for it.
 * Integers go out as Python's packer writes them: the smallest int format,
 * int64/uint64 up to 64 bits; a bigint beyond 64 bits, which MessagePack
 * cannot carry (Python refuses to pack it), goes out as the nearest float.
 */
export function encodeMessage(message: Message): Uint8Array {
  const value = message.type === 'ping' || message.type === 'history' ? message.value : null;
  return encodeMsgpack(toWireMap(message), { python: containsBigInt(value, 0) });
}

function containsBigInt(value: unknown, depth: number): boolean {
  if (typeof value === 'bigint') return true;
  if (depth > 64 || typeof value !== 'object' || value === null || value instanceof Uint8Array || value instanceof Date) return false;
  const items = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
  return items.some((item) => containsBigInt(item, depth + 1));
}

/** Whether `value` is a safe integer as a number: a 64-bit integer this small arrives as a number. */
export function fitsNumber(value: bigint): boolean {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** The MessagePack map of a message, keys in the Python reference's order. */
export function toWireMap(message: Message): Record<string, unknown> {
  switch (message.type) {
    case 'init':
      return { node: message.node, t: 'init' };
    case 'config': {
      const c = message.config;
      return {
        node: message.node,
        version: c.version,
        cycle: c.cycle,
        gap: c.gap,
        nodes: c.nodes,
        splits: c.splits,
        n_hosts: c.nHosts,
        force_in: c.forceIn,
        t: 'vers',
      };
    }
    case 'ping':
      return { node: message.node, value: message.value, history: message.history, t: 'ping' };
    case 'history':
      return { value: message.value, history: message.history, t: 'hist' };
  }
}

/** Internal: unwinds {@link readMessage} to the one place that turns it into a result. */
class Drop extends Error {
  constructor(
    readonly reason: DropReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Decode one received payload. Accepts what Python sends: keys in any
 * order, unknown keys (ignored), integers where floats are meant, 0/1 for
 * booleans. Never throws.
 */
export function decodeMessage(payload: Uint8Array, limits: WireLimits = DEFAULT_WIRE_LIMITS): DecodeResult {
  if (payload.byteLength > limits.maxPayloadBytes) {
    return { ok: false, reason: 'too-large', detail: `payload of ${payload.byteLength} bytes` };
  }
  let raw: unknown;
  try {
    raw = decodeMsgpack(payload);
  } catch (error) {
    return { ok: false, reason: 'malformed', detail: messageOf(error) };
  }
  // A Drop is control flow, not a fault: its stack trace would be most of
  // the cost of rejecting a message (and a flood of bad input is when that
  // matters: 30 µs a drop with it, 3 without), so none is taken here.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { ok: true, message: readMessage(raw, limits) };
  } catch (error) {
    if (error instanceof Drop) return { ok: false, reason: error.reason, detail: error.detail };
    // A bug in this module, not bad input: still never let it escape.
    return { ok: false, reason: 'malformed', detail: String(error) };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The last results of {@link decodeReceived}, by payload and limits. */
const received = new WeakMap<Uint8Array, { readonly limits: WireLimits; readonly result: DecodeResult }>();

/**
 * {@link decodeMessage} for a payload received from the channel, decoded
 * once however many receivers it reaches: one broadcast delivered to many
 * nodes in one process (the simulator, an in-memory bus) is the same
 * `Uint8Array`, and a transport never changes a payload it delivered (the
 * `Transport` contract). The decoded message is shared, so receivers
 * must not change it.
 */
export function decodeReceived(payload: Uint8Array, limits: WireLimits = DEFAULT_WIRE_LIMITS): DecodeResult {
  const cached = received.get(payload);
  if (cached && cached.limits === limits) return cached.result;
  const result = decodeMessage(payload, limits);
  received.set(payload, { limits, result });
  return result;
}

function isMap(raw: unknown): raw is Record<string, unknown> {
  return (
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array) && !(raw instanceof Date) && !(raw instanceof ExtData)
  );
}

function readMessage(raw: unknown, limits: WireLimits): Message {
  if (!isMap(raw) || typeof raw.t !== 'string') throw new Drop('not-a-message', 'not a map with a string "t"');
  switch (raw.t) {
    case 'init':
      return { type: 'init', node: readName(raw, 'node', limits) };
    case 'vers':
      return { type: 'config', node: readName(raw, 'node', limits), config: readConfig(raw) };
    case 'ping': {
      const node = readName(raw, 'node', limits);
      const history = readHistory(raw, limits);
      if (history[0] !== node) throw new Drop('invalid-field', 'ping: history[0] is not the sender');
      return { type: 'ping', node, value: readValue(raw), history };
    }
    case 'hist': {
      const history = readHistory(raw, limits);
      if (history.length === 0) throw new Drop('invalid-field', 'hist: empty history');
      return { type: 'history', value: readValue(raw), history };
    }
    default:
      throw new Drop('unknown-type', `t=${JSON.stringify(raw.t).slice(0, 40)}`);
  }
}

/** The length of `text` in UTF-8 bytes, as the wire limits count it. */
export function utf8Length(text: string): number {
  return utf8(text).length;
}

function checkName(name: unknown, field: string, limits: WireLimits): string {
  if (typeof name !== 'string' || name.length === 0) throw new Drop('invalid-field', `${field}: not a non-empty string`);
  // A UTF-8 byte count is at most 3 per UTF-16 unit: skip the encode when it cannot exceed.
  if (name.length * 3 > limits.maxNameBytes && utf8Length(name) > limits.maxNameBytes) {
    throw new Drop('too-large', `${field}: name longer than ${limits.maxNameBytes} bytes`);
  }
  return name;
}

function readName(raw: Record<string, unknown>, key: string, limits: WireLimits): string {
  return checkName(raw[key], key, limits);
}

function readHistory(raw: Record<string, unknown>, limits: WireLimits): string[] {
  const history = raw.history;
  if (!Array.isArray(history)) throw new Drop('invalid-field', 'history: not an array');
  if (history.length > limits.maxHistory) {
    throw new Drop('too-large', `history of ${history.length} entries (limit ${limits.maxHistory})`);
  }
  const seen = new Set<string>();
  for (const [i, name] of history.entries()) {
    checkName(name, `history[${i}]`, limits);
    if (seen.has(name as string)) throw new Drop('invalid-field', `history: ${JSON.stringify(name)} appears twice`);
    seen.add(name as string);
  }
  return history as string[];
}

function readValue(raw: Record<string, unknown>): Value {
  return 'value' in raw ? normalizeValue(raw.value) : null;
}

/** Deepest nesting accepted in a value; deeper ones are dropped before any recursion can overflow. */
export const MAX_VALUE_DEPTH = 32;

/** 64-bit integers arrive as bigint; keep that only where a number would lose precision. */
function normalizeValue(value: unknown, depth = 0): Value {
  if (depth > MAX_VALUE_DEPTH) throw new Drop('too-large', `value nested deeper than ${MAX_VALUE_DEPTH}`);
  if (typeof value === 'bigint') {
    return fitsNumber(value) ? Number(value) : value;
  }
  // An unknown MessagePack extension: keep its raw bytes rather than an opaque object.
  if (value instanceof ExtData) return value.data instanceof Uint8Array ? value.data : null;
  if (Array.isArray(value)) return value.map((item) => normalizeValue(item, depth + 1));
  if (isMap(value)) {
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeValue(v, depth + 1);
    return out;
  }
  if (value === undefined) return null;
  return value as Value;
}

function readNumber(raw: Record<string, unknown>, key: string, integer: boolean): number {
  let value = raw[key];
  if (typeof value === 'bigint') value = Number(value);
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) {
    throw new Drop('invalid-field', `vers: ${key} is not ${integer ? 'an integer' : 'a finite number'}`);
  }
  return value;
}

function readConfig(raw: Record<string, unknown>): ActorConfig {
  const forceIn = raw.force_in ?? false;
  if (typeof forceIn !== 'boolean' && forceIn !== 0 && forceIn !== 1) {
    throw new Drop('invalid-field', 'vers: force_in is not a boolean');
  }
  const fields = {
    version: readNumber(raw, 'version', true),
    cycle: readNumber(raw, 'cycle', false),
    gap: readNumber(raw, 'gap', false),
    nodes: readNumber(raw, 'nodes', true),
    splits: readNumber(raw, 'splits', true),
    nHosts: readNumber(raw, 'n_hosts', true),
    forceIn: forceIn === true || forceIn === 1,
  };
  try {
    return makeConfig(fields);
  } catch (error) {
    if (error instanceof ConfigError) throw new Drop('invalid-field', `vers: ${error.message}`);
    throw error;
  }
}
