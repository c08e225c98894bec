// typedoc plugin: name each module after what a user imports, the package
// name and its export subpath (`@asyncactor/testing/jest`), instead of its
// path in the repository (`testing/src/jest`). The names come from each
// package's `exports` map (its `asyncactor-source` condition names the
// source file); an entry point of a package without one (the cli) is named
// after the package.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Source file → module name, for every export of every package. */
function exportNames() {
  const names = new Map();
  for (const entry of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', entry);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = typeof target === 'object' ? target['asyncactor-source'] : undefined;
      if (source) names.set(resolve(dir, source), `${manifest.name}${subpath.slice(1)}`);
    }
    names.set(dir, manifest.name);
  }
  return names;
}

/** typedoc's plugin entry point. */
export function load(app) {
  const names = exportNames();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    if (!file) return;
    const packageDir = resolve(file, '../..');
    const name = names.get(resolve(file)) ?? names.get(packageDir);
    if (name) reflection.name = name;
  });
}
