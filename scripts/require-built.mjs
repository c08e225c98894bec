#!/usr/bin/env node
// The `prepack` step of every published package: refuse to pack a package
// whose built files are missing (a fresh clone that was never built would
// otherwise give a tarball whose imports fail with ERR_MODULE_NOT_FOUND).
// It checks the files the manifest points at: the `exports` leaves (not the
// workspace-only `asyncactor-source` condition), `main`, `types` and `bin`.
// Run in the package's folder, as npm and pnpm run lifecycle scripts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.cwd();
const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** Every file path under an `exports` value, skipping the source condition. */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'asyncactor-source' ? [] : exportTargets(inner)));
}

const bin = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
const targets = [...exportTargets(manifest.exports), manifest.main, manifest.types, ...bin].filter((path) => typeof path === 'string');
// The CLI's bin is a stub that loads the build: its entry point must be there too.
if (manifest.name === '@asyncactor/cli') targets.push('./dist/main.js');
const missing = [...new Set(targets)].filter((path) => !existsSync(join(dir, path)));
if (missing.length > 0) {
  console.error(`${manifest.name}: not built, refusing to pack (missing ${missing.join(', ')}).`);
  console.error(`Build it first: pnpm --filter ${manifest.name} run build (or pnpm -r run build at the root).`);
  process.exit(1);
}
