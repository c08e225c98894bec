/**
 * A failed MQTT connection in words an operator can act on: the library's
 * reason, with the usual TLS and non-MQTT failures explained.
 *
 * @module
 */
import type { MqttConnectError } from '@asyncactor/mqtt';

/** Known causes by Node's error code, and what to do about each. */
const EXPLAINED: Readonly<Record<string, string>> = {
  SELF_SIGNED_CERT_IN_CHAIN: "the broker's certificate is not signed by a CA this system trusts (give its CA with --ca)",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the broker's certificate is self-signed (give it, or its CA, with --ca)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the broker's certificate cannot be verified (give its CA with --ca)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the broker's certificate cannot be verified (give its CA with --ca)",
  CERT_HAS_EXPIRED: "the broker's certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "the broker's certificate does not name this host (connect with the name it was issued for)",
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the broker requires a client certificate (give --cert and --key)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'the broker refused the client certificate (--cert, --key)',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'the broker does not trust the client certificate (--cert)',
  ECONNRESET: 'the server reset the connection (mqtts:// on a port without TLS?)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the port does not speak TLS (use mqtt:// rather than mqtts://?)',
};

/** The one line to print for `error` (its message is already free of credentials). */
export function explainConnectFailure(error: MqttConnectError): string {
  const cause = error.cause as { code?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const prefix = `cannot connect to MQTT broker ${error.url}`;
  if (code !== undefined && EXPLAINED[code]) return `${prefix}: ${EXPLAINED[code]}`;
  if (code?.startsWith('ERR_SSL_')) return `${prefix}: TLS failed (${code})`;
  // Neither a system nor a broker error, nor a timeout: the server's bytes made no sense as MQTT.
  const parserError = cause !== undefined && cause.code === undefined && !/timeout/i.test(error.reason);
  return parserError ? `${error.message} (does this port speak MQTT?)` : error.message;
}
