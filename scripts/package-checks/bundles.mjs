// Browser bundles of the installed packages with esbuild, and their sizes.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const KiB = 1024;
const actorAndMqtt = "import { Actor } from '@asyncactor/core'; import { connect, mqttTransport } from '@asyncactor/mqtt'; console.log(Actor, connect, mqttTransport);";

/**
 * What each bundle imports, its budget in gzipped bytes (issue 12) where it
 * has one, and how many copies of MQTT.js it may hold (`mqtt`: 0 or 1).
 */
export const BUNDLES = {
  // Core was 14.5 KB when the dual builds came, and 22,076 bytes after the
  // members view, logger, config policy, value checks and protocol rules
  // landed; #private members, shared helpers and a MessagePack encoder and
  // decoder of our own (src/msgpack-encode.ts, src/msgpack-decode.ts: the
  // library's bytes and values; its extension codec still decodes
  // timestamps) brought it under the 20 KiB of issue 12.
  'core (everything)': { code: "import * as core from '@asyncactor/core'; console.log(core);", budget: 20 * KiB, mqtt: 0 },
  'defaultPriority alone': { code: "import { defaultPriority } from '@asyncactor/core'; console.log(defaultPriority);", budget: 5 * KiB, mqtt: 0 },
  'core + mqtt, MQTT.js external': { code: actorAndMqtt, external: ['mqtt'], budget: 30 * KiB, mqtt: 0 },
  'topicOf alone': { code: "import { topicOf } from '@asyncactor/mqtt'; console.log(topicOf);", mqtt: 0 },
  'testing Bus alone': { code: "import { Bus } from '@asyncactor/testing'; console.log(Bus);", mqtt: 0 },
  'core + mqtt + MQTT.js': { code: actorAndMqtt, mqtt: 1 },
};

/**
 * Bundle `spec.code` for the browser (ESM, minified) from the consumer at
 * `dir`. Resolves to `{ minified, gzipped, mqttFiles }`: sizes in bytes and
 * the MQTT.js files that ended up in the output.
 */
export async function measure(dir, spec) {
  const result = await build({
    stdin: { contents: spec.code, resolveDir: dir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: spec.external ?? [],
  });
  const bytes = result.outputFiles[0].contents;
  const [output] = Object.values(result.metafile.outputs);
  const mqttFiles = Object.entries(output.inputs)
    .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && /node_modules\/mqtt(-other)?\//.test(input))
    .map(([input]) => input.replace(/^.*node_modules\//, ''));
  return { minified: bytes.byteLength, gzipped: gzipSync(bytes, { level: 9 }).byteLength, mqttFiles };
}

/** `12.3 KB` */
export function kb(bytes) {
  return `${(bytes / KiB).toFixed(1)} KB`;
}
