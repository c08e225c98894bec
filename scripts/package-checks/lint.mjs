// publint and @arethetypeswrong/cli on a packed tarball.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { root } from './pack.mjs';

/**
 * publint on `tarball`: resolves to `{ counts, lines }`, the number of
 * messages by type (`error`, `warning`, `suggestion`) and one line each.
 */
export async function publintTarball(tarball) {
  const bytes = readFileSync(tarball);
  const packed = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: packed }, level: 'suggestion' });
  const counts = { error: 0, warning: 0, suggestion: 0 };
  const lines = messages.map((message) => {
    counts[message.type] += 1;
    return `${message.type}: ${formatMessage(message, pkg, { color: false })}`;
  });
  return { counts, lines };
}

/**
 * attw on `tarball` in every resolution mode (node10, node16 from CJS and
 * from ESM, bundler): resolves to `{ ok, output }`, `ok` when it found no
 * problem at all.
 */
export function attwTarball(tarball) {
  const attw = join(root, 'node_modules/.bin/attw');
  try {
    const output = execFileSync(attw, [tarball, '--format', 'table-flipped', '--no-color', '--no-emoji'], { encoding: 'utf8' });
    return { ok: true, output };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}
