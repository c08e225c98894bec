// Issue 12's pack checks: every published package as `pnpm pack` makes it,
// linted (publint, attw) and installed into a fresh consumer project.
// Run with `pnpm run test:packages` (builds first).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { BUNDLES, kb, measure } from './bundles.mjs';
import { createConsumer, inConsumer, typecheck } from './consumer.mjs';
import { attwTarball, publintTarball } from './lint.mjs';
import { packAll, publishedPackages, tarballFiles } from './pack.mjs';

const packages = publishedPackages();
let tarballs;

before(() => {
  tarballs = packAll(packages, mkdtempSync(join(tmpdir(), 'asyncactor-pack-')));
});

describe('tarballs', () => {
  for (const { name, manifest } of packages) {
    test(`${name}: ships LICENSE, README and its entry points, and no tests`, () => {
      const files = tarballFiles(tarballs.get(name));
      for (const file of ['LICENSE', 'README.md', 'package.json']) assert.ok(files.includes(file), `${file} missing`);
      const targets = JSON.stringify(manifest.exports).match(/\.\/dist\/[^"]+/g) ?? [];
      for (const target of targets) assert.ok(files.includes(target.slice(2)), `${target} missing`);
      assert.deepEqual(files.filter((file) => /^(test|bench)\/|tsconfig|tsdown\.config/.test(file)), []);
    });

    test(`${name}: metadata`, () => {
      assert.equal(manifest.license, 'GPL-3.0-or-later');
      assert.equal(manifest.repository?.directory, `packages/${name.split('/')[1]}`);
      for (const field of ['homepage', 'bugs', 'author', 'description']) assert.ok(manifest[field], `${field} missing`);
      assert.ok(manifest.keywords?.length > 0, 'keywords missing');
    });

    test(`${name}: publint finds no error and no warning`, async () => {
      const { counts, lines } = await publintTarball(tarballs.get(name));
      console.log(`publint ${name}: ${counts.error} errors, ${counts.warning} warnings, ${counts.suggestion} suggestions`);
      for (const line of lines) console.log(`  ${line}`);
      assert.deepEqual({ error: counts.error, warning: counts.warning }, { error: 0, warning: 0 });
    });

    test(`${name}: attw finds no problem in any resolution mode`, () => {
      const { ok, output } = attwTarball(tarballs.get(name));
      console.log(output.trim());
      assert.ok(ok, 'attw reported problems (above)');
    });
  }
});

describe('a consumer installing the tarballs', () => {
  let dir;
  before(() => {
    dir = createConsumer(tarballs);
  });

  test('ESM TypeScript (nodenext) type-checks and runs actors on two mqtt versions', () => {
    typecheck(dir, 'tsconfig.json');
    const output = inConsumer(dir, 'node', ['out/esm.mjs']);
    console.log(output.trim());
    assert.match(output, /^esm ok/m);
  });

  test('a browser app (lib ES2022 + DOM, types [], skipLibCheck false) type-checks', () => {
    typecheck(dir, 'tsconfig.dom.json');
  });

  test('CommonJS require() of every entry point', () => {
    assert.match(inConsumer(dir, 'node', ['cjs.cjs']), /^cjs ok/m);
  });

  test('the asyncactor command runs from the installed bin', () => {
    assert.match(inConsumer(dir, join(dir, 'node_modules/.bin/asyncactor'), ['--help']), /asyncactor <command>/);
  });

  for (const [label, spec] of Object.entries(BUNDLES)) {
    test(`browser bundle (esbuild): ${label}`, async () => {
      const { minified, gzipped, mqttFiles } = await measure(dir, spec);
      const budget = spec.budget ? ` (budget ${kb(spec.budget)} gzipped)` : '';
      console.log(`bundle ${label}: ${kb(minified)} minified, ${kb(gzipped)} gzipped (${gzipped} bytes)${budget}, MQTT.js files: ${mqttFiles.join(', ') || 'none'}`);
      if (spec.budget) assert.ok(gzipped <= spec.budget, `${kb(gzipped)} gzipped is over the budget of ${kb(spec.budget)}`);
      assert.equal(mqttFiles.length, spec.mqtt, `MQTT.js files bundled: ${mqttFiles.join(', ') || 'none'}`);
    });
  }
});
