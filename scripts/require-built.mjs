#!/usr/bin/env node
// The `prepack` step of every published package: refuse to pack a package
// whose built files are missing (a fresh clone that was never built would
// otherwise give a tarball whose imports fail with ERR_MODULE_NOT_FOUND).
// It checks what the manifest ships and points at: every entry of `files`
// and every `exports` leaf (not the workspace-only `asyncactor-source`
// condition).
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

const targets = [...(manifest.files ?? []), ...exportTargets(manifest.exports)];
const missing = [...new Set(targets)].filter((path) => !existsSync(join(dir, path)));
if (missing.length > 0) {
  console.error(`${manifest.name}: not built, refusing to pack (missing ${missing.join(', ')}).`);
  console.error(`Build it first: pnpm --filter ${manifest.name} run build (or pnpm -r run build at the root).`);
  process.exit(1);
}
