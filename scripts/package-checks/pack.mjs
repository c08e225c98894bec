// Packs every published package of the workspace with `pnpm pack`, exactly as
// `changeset publish` would ship it (workspace:^ ranges become versions).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root folder. */
export const root = new URL('../..', import.meta.url).pathname;

/**
 * The packages under `packages/` that are published (not `private`), as
 * `{ name, dir, manifest }`.
 */
export function publishedPackages() {
  const dirs = readdirSync(join(root, 'packages')).map((entry) => join(root, 'packages', entry));
  return dirs
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, manifest }));
}

/**
 * `pnpm pack` each of `packages` into `destination`; returns a map from
 * package name to the tarball's path. The packages must be built.
 */
export function packAll(packages, destination) {
  const tarballs = new Map();
  for (const { name, dir, manifest } of packages) {
    execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, stdio: 'ignore' });
    const file = `${name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
    tarballs.set(name, join(destination, file));
  }
  return tarballs;
}

/** The paths inside a tarball (without the leading `package/`). */
export function tarballFiles(tarball) {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));
}
