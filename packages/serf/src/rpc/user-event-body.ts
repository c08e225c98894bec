/**
 * The body of an `event` request, `{ Name, Payload, Coalesce }`, the one
 * request a client may send tens of thousands of times a second. The
 * {@link RequestWriter} writes it by hand, to the very bytes the msgpack
 * encoder writes for the same three fields (see {@link writeUserEventBody});
 * the encoder still writes a body whose fields are not of the expected
 * types.
 *
 * @module
 */

/** What `event` sends: the event's name, its payload, and whether the agent may coalesce it. The field names are the wire's. */
export class UserEventBody {
  readonly Name: string;
  readonly Payload: Uint8Array;
  readonly Coalesce: boolean;

  constructor(name: string, payload: Uint8Array, coalesce: boolean) {
    this.Name = name;
    this.Payload = payload;
    this.Coalesce = coalesce;
  }
}

/** fixmap of 3, then fixstr `Name` (its value follows). */
const MAP_AND_NAME_KEY = Uint8Array.from([0x83, 0xa4, ...Buffer.from('Name')]);
const PAYLOAD_KEY = Uint8Array.from([0xa7, ...Buffer.from('Payload')]);
const COALESCE_KEY = Uint8Array.from([0xa8, ...Buffer.from('Coalesce')]);
const FALSE = 0xc2;
const TRUE = 0xc3;

/** The most bytes of a body's fixed parts: the keys, the payload's header (bin 32) and the flag. */
const FIXED_BYTES = MAP_AND_NAME_KEY.length + PAYLOAD_KEY.length + 5 + COALESCE_KEY.length + 1;

/** Whether the writer may write `body` by hand: its fields are of the types the wire expects (a caller outside TypeScript may pass others, which the encoder writes as it would any value). */
export function writableByHand(body: UserEventBody): boolean {
  return typeof body.Name === 'string' && body.Payload instanceof Uint8Array && body.Payload.byteLength < 0x100000000 && typeof body.Coalesce === 'boolean';
}

/**
 * How many bytes {@link writeUserEventBody} writes at most for `body`,
 * whose name encodes as `encodedName` (a whole msgpack string).
 */
export function userEventBodyBytes(body: UserEventBody, encodedName: Uint8Array): number {
  return FIXED_BYTES + encodedName.byteLength + body.Payload.byteLength;
}

/**
 * Write `body` into `bytes` at `at` (with {@link userEventBodyBytes} of room),
 * its name as `encodedName`: the map, the name, the payload as a byte
 * string (bin 8, 16 or 32, the shortest, as the encoder chooses), the flag.
 * Returns where the body ends.
 */
export function writeUserEventBody(bytes: Uint8Array, view: DataView, at: number, body: UserEventBody, encodedName: Uint8Array): number {
  bytes.set(MAP_AND_NAME_KEY, at);
  at += MAP_AND_NAME_KEY.length;
  bytes.set(encodedName, at);
  at += encodedName.byteLength;
  bytes.set(PAYLOAD_KEY, at);
  at += PAYLOAD_KEY.length;
  const size = body.Payload.byteLength;
  if (size < 0x100) {
    bytes[at] = 0xc4;
    bytes[at + 1] = size;
    at += 2;
  } else if (size < 0x10000) {
    bytes[at] = 0xc5;
    view.setUint16(at + 1, size);
    at += 3;
  } else {
    bytes[at] = 0xc6;
    view.setUint32(at + 1, size);
    at += 5;
  }
  bytes.set(body.Payload, at);
  at += size;
  bytes.set(COALESCE_KEY, at);
  at += COALESCE_KEY.length;
  bytes[at] = body.Coalesce ? TRUE : FALSE;
  return at + 1;
}
