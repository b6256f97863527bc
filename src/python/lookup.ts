import { CLI_PACKAGES } from './data/cli-commands.js';
import { IMPLICIT_USES, type ImplicitUse } from './data/implicit-use.js';
import { IMPORT_NAME_ENTRIES } from './data/import-names.js';
import { TEST_ONLY_PACKAGES, TEST_ONLY_PREFIXES, TEST_ONLY_SUFFIXES } from './data/test-only.js';
import { normalizeName } from '../requirements/names.js';
import { genericImportName } from './dist-name.js';
import type { PyImport } from './types.js';

export { isStdlib } from './data/stdlib.js';

const IMPORT_NAMES = new Map<string, readonly string[]>(IMPORT_NAME_ENTRIES);
const TEST_ONLY = new Set(TEST_ONLY_PACKAGES);

/**
 * Import names (top-level modules, or dotted prefixes for namespace packages) that distribution `dist` provides:
 * what the installed metadata says when `sitePackages` (from `readSitePackages`) knows it, else the table, else the
 * generic rule (`Foo-Bar` → `foo_bar`; a name written with dots, `zope.interface`, also as itself).
 */
export function importNamesFor(dist: string, sitePackages?: ReadonlyMap<string, readonly string[]>): string[] {
  const key = normalizeName(dist);
  const installed = sitePackages?.get(key);
  if (installed !== undefined && installed.length !== 0) return [...installed];
  const known = IMPORT_NAMES.get(key);
  if (known !== undefined) return [...known];
  const names = [genericImportName(dist)];
  if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(dist) && !names.includes(dist)) names.push(dist);
  return names;
}

/**
 * True when `imp` uses import name `name` (a module or dotted prefix from `importNamesFor`): the module is `name` or
 * below it, or a `from` import names it (`from google.cloud import storage` uses `google.cloud.storage`).
 * Relative imports use no distribution.
 */
export function importUses(imp: Pick<PyImport, 'module' | 'names' | 'relative'>, name: string): boolean {
  if (imp.relative) return false;
  const m = imp.module;
  if (m === name || m.startsWith(`${name}.`)) return true;
  if (!name.startsWith(`${m}.`)) return false;
  for (const n of imp.names) {
    const full = `${m}.${n}`;
    if (full === name || full.startsWith(`${name}.`) || name.startsWith(`${full}.`)) return true;
  }
  return false;
}

/** True for distributions that belong to tests, linting, typing or packaging (`pytest`, `pytest-*`, `types-*`...). */
export function isTestOnly(dist: string): boolean {
  const key = normalizeName(dist);
  return TEST_ONLY.has(key) || TEST_ONLY_PREFIXES.some((p) => key.startsWith(p)) || TEST_ONLY_SUFFIXES.some((s) => key.endsWith(s));
}

/** Console commands a distribution installs that services run directly (`gunicorn`, `celery`); empty when unknown. */
export function commandsFor(dist: string): string[] {
  const key = normalizeName(dist);
  return CLI_PACKAGES.filter((c) => c.package === key).flatMap((c) => c.commands);
}

/** Distributions that provide command `command` (a basename, e.g. `supervisord`). */
export function packagesForCommand(command: string): string[] {
  return CLI_PACKAGES.filter((c) => c.commands.includes(command)).map((c) => c.package);
}

/** Entries of the implicit-use table for a distribution (several mechanisms may load one package). */
export function implicitUsesOf(dist: string): ImplicitUse[] {
  const key = normalizeName(dist);
  return IMPLICIT_USES.filter((u) => u.package === key);
}
