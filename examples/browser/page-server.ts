/**
 * Bundles `page.ts` for the browser with esbuild (from the packages' sources,
 * through their `asyncactor-source` export condition) and serves it with
 * `index.html` on 127.0.0.1.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A running page server. */
export interface PageServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** Bytes of the bundled page script. */
  readonly bundleBytes: number;
  close(): Promise<void>;
}

/** Bundle the page and serve it on a free loopback port. */
export async function startPageServer(): Promise<PageServer> {
  const result = await build({
    entryPoints: [join(__dirname, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['asyncactor-source'],
    sourcemap: 'inline',
    write: false,
    logLevel: 'warning',
  });
  const files: Record<string, { type: string; body: Uint8Array | string }> = {
    '/': { type: 'text/html', body: readFileSync(join(__dirname, 'index.html'), 'utf8') },
    '/page.js': { type: 'text/javascript', body: result.outputFiles[0]!.contents },
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    bundleBytes: result.outputFiles[0]!.contents.byteLength,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
