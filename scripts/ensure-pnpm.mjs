#!/usr/bin/env node
// Make sure the pinned pnpm is on PATH (corepack cannot verify signatures on
// some machines, so install it with npm), then exit. Used by `npm run demo`
// and `npm test` so that a fresh clone needs nothing installed by hand.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager.split('@')[1];
let current = '';
try {
  current = execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // not installed
}
if (current !== pinned) {
  console.error(`installing pnpm ${pinned} (found ${current || 'none'})`);
  execFileSync('npm', ['install', '--global', `pnpm@${pinned}`], { stdio: 'inherit' });
}
