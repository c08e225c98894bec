/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate, made
 * with openssl for one test run, and mosquitto on a loopback TLS listener
 * that requires a client certificate and a password.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '@asyncactor/testing';

/** PEM files made for the test. */
export interface TestCertificates {
  readonly dir: string;
  readonly ca: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

function openssl(binary: string, dir: string, args: readonly string[]): void {
  const result = spawnSync(binary, args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

/** Make a CA and two certificates it signs (P-256 keys, valid one day) in a new directory. */
export function makeCertificates(binary: string): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'asyncactor-tls-'));
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(binary, dir, ['req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=asyncactor test CA', '-days', '1']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, subject, extensions] of [['server', '/CN=127.0.0.1', ['-extfile', 'server.ext']], ['client', '/CN=asyncactor test client', []]] as const) {
    openssl(binary, dir, ['req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
    openssl(binary, dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', ...extensions]);
  }
  // mosquitto, started as root, reads them as its own user.
  chmodSync(dir, 0o755);
  for (const file of ['ca.pem', 'server.pem', 'server.key', 'client.pem', 'client.key']) chmodSync(join(dir, file), 0o644);
  const at = (file: string): string => join(dir, file);
  return { dir, ca: at('ca.pem'), clientCert: at('client.pem'), clientKey: at('client.key'), serverCert: at('server.pem'), serverKey: at('server.key') };
}

/** A running TLS broker. */
export interface TlsBroker {
  readonly url: string;
  stop(): Promise<void>;
}

/** mosquitto with one TLS listener on 127.0.0.1 that needs a client certificate and `user`'s password. */
export async function startTlsMosquitto(binaries: { mosquitto: string; passwd: string }, certs: TestCertificates, user: { name: string; password: string }): Promise<TlsBroker> {
  const port = await freePort();
  const passwords = join(certs.dir, 'passwords');
  writeFileSync(passwords, '');
  const added = spawnSync(binaries.passwd, ['-b', passwords, user.name, user.password], { encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`mosquitto_passwd failed: ${added.stderr}`);
  const config = join(certs.dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [`listener ${port} 127.0.0.1`, 'persistence false', 'allow_anonymous false', `password_file ${passwords}`, `cafile ${certs.ca}`, `certfile ${certs.serverCert}`, `keyfile ${certs.serverKey}`, 'require_certificate true', ''].join('\n'),
  );
  chmodSync(passwords, 0o644);
  chmodSync(config, 0o644);
  const child = spawn(binaries.mosquitto, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([waitForPort(port), exited.then(() => Promise.reject(new Error(`mosquitto exited: ${output}`)))]);
  return {
    url: `mqtts://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
