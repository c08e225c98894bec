/**
 * The first words on a new connection: where the agent is (`host:port`),
 * the handshake, and the authentication with the RPC key.
 *
 * @module
 */
import type { Connection } from './connection';
import { SerfError } from './errors';

/** What a greeting needs: the RPC key, if the agent has one, and the time limit of each call. */
export interface Greeting {
  readonly authKey?: string;
  readonly timeoutMs: number;
}

/**
 * Handshake and (with `authKey`) authenticate on `connection`. On failure
 * the connection is closed and the error thrown.
 *
 * @throws {SerfAgentError} if the agent refuses the handshake or the key.
 * @throws {SerfTimeoutError} if it does not answer in time.
 */
export async function greet(connection: Connection, greeting: Greeting): Promise<void> {
  try {
    await connection.request('handshake', greeting.timeoutMs, { Version: 1 });
    if (greeting.authKey !== undefined) await connection.request('auth', greeting.timeoutMs, { AuthKey: greeting.authKey });
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/**
 * `host:port` (IPv6 in brackets) as its parts.
 *
 * @throws {SerfError} for anything else.
 */
export function parseAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!match) throw new SerfError(`invalid serf RPC address ${JSON.stringify(address)}: expected host:port`);
  return { host: match[1]!, port: Number(match[2]) };
}
