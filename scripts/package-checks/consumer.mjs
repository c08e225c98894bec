// A fresh consumer project in a temporary folder that installs the packed
// tarballs from the npm client, as a user would, plus two mqtt versions.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The peer range's low end and the newest tested version of mqtt. */
export const MQTT_VERSIONS = { peer: '5.10.4', other: '5.16.0' };

const fixtures = new URL('./consumer/', import.meta.url).pathname;

const compilerOptions = { strict: true, skipLibCheck: false, noEmitOnError: true, target: 'ES2022' };

/** TypeScript projects of the consumer: name → tsconfig. */
const tsconfigs = {
  // A Node ESM application.
  'tsconfig.json': {
    compilerOptions: { ...compilerOptions, module: 'nodenext', moduleResolution: 'nodenext', types: ['node'], outDir: 'out' },
    files: ['esm.mts'],
  },
  // A browser application: DOM types, no @types of its own.
  'tsconfig.dom.json': {
    compilerOptions: { ...compilerOptions, module: 'preserve', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [], noEmit: true },
    files: ['dom.ts'],
  },
};

/**
 * Make the consumer project for `tarballs` (package name → .tgz path) and
 * install it with npm. Returns its folder.
 */
export function createConsumer(tarballs) {
  const dir = mkdtempSync(join(tmpdir(), 'asyncactor-consumer-'));
  const local = Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]));
  const manifest = {
    name: 'asyncactor-consumer',
    private: true,
    dependencies: { ...local, mqtt: MQTT_VERSIONS.peer, 'mqtt-other': `npm:mqtt@${MQTT_VERSIONS.other}` },
    devDependencies: { typescript: '~5.9.3', '@types/node': '^20.19.0' },
    // The tarballs depend on each other by version: take those from the tarballs too.
    overrides: Object.fromEntries(Object.keys(local).map((name) => [name, `$${name}`])),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [name, config] of Object.entries(tsconfigs)) writeFileSync(join(dir, name), `${JSON.stringify(config, null, 2)}\n`);
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(dir, file));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

/** Run a command in the consumer; resolves to its output, throws with it on failure. */
export function inConsumer(dir, command, args) {
  try {
    return execFileSync(command, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

/** The consumer's own tsc on one of its TypeScript projects. */
export function typecheck(dir, project) {
  return inConsumer(dir, join(dir, 'node_modules/.bin/tsc'), ['-p', project]);
}
