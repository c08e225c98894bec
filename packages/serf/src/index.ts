/**
 * `@asyncactor/serf`: a complete Serf RPC client and the asyncactor transport
 * on it.
 *
 * @module
 */
export { SerfClient, type SerfClientCounters, type SerfClientEvents, type SerfClientOptions } from './client';
export { SerfAgentError, SerfConnectionError, SerfError, SerfProtocolError, SerfStreamOverflowError, SerfTimeoutError } from './errors';
export { COMMANDS_WITH_BODY, STREAMING_COMMANDS, type SerfCommand } from './rpc/commands';
export { SERF_DEFAULT_DECODE_LIMITS, type SerfDecodeLimits } from './rpc/limits';
export type { ResponseHeader } from './rpc/frames';
export {
  formatAddress,
  toMember,
  type KeyResponse,
  type RawMember,
  type SerfCoordinate,
  type SerfMember,
  type SerfQueryRecord,
  type SerfStats,
  type SerfStreamEvent,
} from './rpc/responses';
export { SerfStream } from './stream';
export {
  SERF_DEFAULT_EVENT_LIMIT,
  SERF_DEFAULT_STALE_AFTER_MS,
  SERF_EVENT_ENCODING_OVERHEAD,
  serfTransport,
  type SerfTransport,
  type SerfTransportOptions,
  type SerfTransportStats,
} from './transport';
