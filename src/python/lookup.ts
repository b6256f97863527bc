import { CLI_PACKAGES } from './data/cli-commands.js';
import { IMPLICIT_USES, type ImplicitUse } from './data/implicit-use.js';
import { IMPORT_NAME_ENTRIES } from './data/import-names.js';
import { TEST_ONLY_PACKAGES, TEST_ONLY_PREFIXES, TEST_ONLY_SUFFIXES } from './data/test-only.js';
import { normalizeName } from '../requirements/names.js';
import { genericImportName } from './dist-name.js';
import type { PyImport } from './types.js';

export { isStdlib } from './data/stdlib.js';

const IMPORT_NAMES = new Map<string, { modules: readonly string[]; source: string }>(IMPORT_NAME_ENTRIES.map(([d, modules, source]) => [d, { modules, source }]));
const TEST_ONLY = new Set(TEST_ONLY_PACKAGES);

/** Import names of a distribution and where they come from. */
export interface ExactNames {
  names: string[];
  /** `installed metadata`, or `bundled table (<the entry's source>)`. */
  source: string;
}

/**
 * The import names of distribution `dist` known from evidence: the installed metadata when `sitePackages` (names by
 * normalised distribution, from `readSitePackages`) has it, else the bundled table; undefined when neither knows it.
 * The distribution's name lookup is case-insensitive (PEP 503).
 */
export function exactImportNames(dist: string, sitePackages?: ReadonlyMap<string, readonly string[]>): ExactNames | undefined {
  const key = normalizeName(dist);
  const installed = sitePackages?.get(key);
  if (installed !== undefined && installed.length !== 0) return { names: [...installed], source: 'installed metadata' };
  const known = IMPORT_NAMES.get(key);
  if (known !== undefined) return { names: [...known.modules], source: `bundled table (${known.source})` };
  return undefined;
}

/**
 * Import names (top-level modules, or dotted prefixes for namespace packages) that distribution `dist` provides:
 * the exact names (`exactImportNames`) when known, else the generic guess (`Foo-Bar` → `foo_bar`; a name written
 * with dots, `zope.interface`, also as itself). A guess may show a package used; it never shows one unused.
 */
export function importNamesFor(dist: string, sitePackages?: ReadonlyMap<string, readonly string[]>): string[] {
  const exact = exactImportNames(dist, sitePackages);
  if (exact !== undefined) return exact.names;
  const names = [genericImportName(dist)];
  if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(dist) && !names.includes(dist)) names.push(dist);
  return names;
}

/**
 * True when `imp` uses import name `name` (a module or dotted prefix from `importNamesFor`): the module is `name` or
 * below it, or a `from` import names it (`from google.cloud import storage` uses `google.cloud.storage`, not
 * `google.cloud.pubsub`). Compared case-insensitively (a use found in another case keeps the package: safe side).
 * Relative imports use no distribution.
 */
export function importUses(imp: Pick<PyImport, 'module' | 'names' | 'relative'>, name: string): boolean {
  if (imp.relative) return false;
  const m = imp.module.toLowerCase();
  const want = name.toLowerCase();
  if (m === want || m.startsWith(`${want}.`)) return true;
  if (!want.startsWith(`${m}.`)) return false;
  for (const n of imp.names) {
    const full = `${m}.${n.toLowerCase()}`;
    if (full === want || full.startsWith(`${want}.`) || want.startsWith(`${full}.`)) return true;
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
