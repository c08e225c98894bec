/**
 * The one build setup of every library package: tsdown (rolldown) writes real
 * ESM (`.mjs` + `.d.mts`) and CommonJS (`.cjs` + `.d.cts`) for each entry,
 * with source maps, into `dist/`. Entries that share modules share chunks, so
 * `@asyncactor/core` and `@asyncactor/core/internal` hand out the very same
 * classes. Dependencies and peer dependencies stay external.
 *
 * Each package's `tsdown.config.ts` calls {@link libraryBuild} with its
 * entries; its `package.json` `exports` map names the same files.
 *
 * @module
 */
import { defineConfig, type Rolldown, type UserConfig } from 'tsdown';

/** What differs between the packages. */
export interface LibraryBuild {
  /** Output name (without extension) → source file, e.g. `{ index: 'src/index.ts' }`. */
  readonly entry: Readonly<Record<string, string>>;
  /**
   * `neutral` for code that must run in a browser as well as in Node (it may
   * import nothing from `node:`), `node` for Node-only packages.
   */
  readonly platform: 'neutral' | 'node';
  /** A first line for every declaration file, e.g. a `/// <reference lib>` the types need. */
  readonly dtsBanner?: string;
}

/** The tsdown configuration of one library package. */
export function libraryBuild(options: LibraryBuild): UserConfig {
  return defineConfig({
    entry: { ...options.entry },
    format: ['esm', 'cjs'],
    platform: options.platform,
    target: 'es2022',
    tsconfig: 'tsconfig.build.json',
    dts: { sourcemap: true },
    sourcemap: true,
    fixedExtension: true,
    // One output file per source module: a bundler that takes one export
    // skips the other modules and what they import (MQTT.js for `connect`).
    unbundle: true,
    hash: false,
    clean: true,
    report: false,
    checks: { pluginTimings: false },
    // In `inputOptions`, not `plugins`: tsdown leaves user plugins out of its
    // separate `.d.cts` pass.
    inputOptions: (input) =>
      options.dtsBanner === undefined ? input : { ...input, plugins: [input.plugins, dtsBanner(options.dtsBanner)] },
  });
}

/** Puts `line` first in every declaration file the build writes. */
function dtsBanner(line: string): Rolldown.Plugin {
  return {
    name: 'asyncactor:dts-banner',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!/\.d\.[cm]ts$/.test(file.fileName)) continue;
        if (file.type === 'chunk') file.code = `${line}\n${file.code}`;
        else file.source = `${line}\n${String(file.source)}`;
      }
    },
  };
}
