import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../core/errors.js';
import { checkTransform } from './check-shape.js';
import type { AnyTransform } from './types.js';
import { guardPlugin } from './guard-plugin.js';

/** A plugin module that cannot be found, loaded or is not a transform: exit 2, naming the module's path. */
export class PluginError extends UsageError {
  constructor(
    message: string,
    /** The module's path (or the spec, when it could not be resolved). */
    readonly module: string,
  ) {
    super(message);
  }
}

/** A spec names a file (`./rules/x.js`, `/abs/x.mjs`), not an installed package. */
export function isPathSpec(spec: string): boolean {
  return /^\.{1,2}[\\/]/.test(spec) || path.isAbsolute(spec) || /\.[cm]?js$/.test(spec);
}

/** The entry file of an ESM package's `exports` (string, `.` subpath, import/node/default conditions). */
function exportsEntry(exp: unknown): string | undefined {
  if (typeof exp === 'string') return exp;
  if (Array.isArray(exp)) return exp.map(exportsEntry).find((e) => e !== undefined);
  if (!exp || typeof exp !== 'object') return undefined;
  const o = exp as Record<string, unknown>;
  if ('.' in o) return exportsEntry(o['.']);
  for (const cond of ['import', 'node', 'default']) if (cond in o) return exportsEntry(o[cond]);
  return undefined;
}

/** An installed package's entry file, looked up in the node_modules of `from` and its parents (as node does). */
function resolvePackage(name: string, from: string, known: readonly string[]): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, 'node_modules', ...name.split('/'));
    const manifest = path.join(pkgDir, 'package.json');
    if (existsSync(manifest)) {
      let pkg: Record<string, unknown>;
      try {
        pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new PluginError(`plugin ${name}: ${manifest} is not valid JSON (${(err as Error).message})`, manifest);
      }
      const entry = exportsEntry(pkg.exports) ?? (typeof pkg.main === 'string' ? pkg.main : 'index.js');
      return path.resolve(pkgDir, entry);
    }
    if (path.dirname(dir) === dir) break;
  }
  const builtins = known.length ? ` (known: ${known.join(', ')})` : '';
  throw new PluginError(`unknown transform "${name}"${builtins}: no such built-in, and no package "${name}" is installed in ${path.join(from, 'node_modules')} or above (a plugin file is named by a path: ./${name}.js)`, name);
}

/** Where a spec's module is: a path relative to `base`, or a package installed under `root` (`known`: names for the error). */
export function resolvePlugin(spec: string, base: string, root: string, known: readonly string[] = []): string {
  if (!isPathSpec(spec)) return resolvePackage(spec, root, known);
  const abs = path.resolve(base, spec);
  let isFile = false;
  try {
    isFile = statSync(abs).isFile();
  } catch {
    // missing: said below
  }
  if (!isFile) throw new PluginError(`plugin ${spec}: no such file ${abs}`, abs);
  return abs;
}

/**
 * Import a plugin module and check that its default export is a transform (`defineTransform({...})`).
 * Any failure is a PluginError naming the module's path and, for a bad shape, the field.
 */
export async function loadPlugin(spec: string, base: string, root: string): Promise<{ transform: AnyTransform; module: string }> {
  const module = resolvePlugin(spec, base, root);
  return { transform: await importPlugin(module), module };
}

async function importPlugin(module: string): Promise<AnyTransform> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  } catch (err) {
    throw new PluginError(`plugin ${module}: cannot be loaded: ${err instanceof Error ? err.message : String(err)}`, module);
  }
  if (!('default' in loaded) || loaded.default === undefined) {
    throw new PluginError(`plugin ${module}: no default export (write \`export default defineTransform({ meta, run })\`)`, module);
  }
  const problem = checkTransform(loaded.default);
  if (problem) throw new PluginError(`plugin ${module}: ${problem}`, module);
  return guardPlugin(module, loaded.default as AnyTransform);
}

/** The transforms a run can use: the built-ins, plus plugins by name and by the specs that loaded them. */
export interface RunRegistry {
  /** Every transform of the run by name (built-ins first). */
  registry: ReadonlyMap<string, AnyTransform>;
  /** Names, and the config's specs as written (`./rules/x.js`), to transforms: for the config's `transform:`. */
  lookup: ReadonlyMap<string, AnyTransform>;
  /** The `-t` values as transform names, in order. */
  names: string[];
  /** Each plugin's specs (as written), by its name: for the config schema. */
  refs: ReadonlyMap<string, string[]>;
}

/**
 * Merge plugins into the built-in registry: `-t` specs resolve against `cwd`, the config's against its
 * folder; packages are looked up from `root`; a bare name may also name a plugin loaded by path. A plugin
 * may not take a built-in's name, nor two plugins one name. The built-in map is never changed.
 */
export async function withPlugins(
  builtins: ReadonlyMap<string, AnyTransform>,
  opts: { cli?: readonly string[]; cwd: string; root: string; config?: { specs: readonly string[]; dir: string } },
): Promise<RunRegistry> {
  const registry = new Map(builtins);
  const lookup = new Map(builtins);
  const refs = new Map<string, string[]>();
  const byModule = new Map<string, AnyTransform>();
  const add = async (spec: string, base: string): Promise<AnyTransform> => {
    const module = resolvePlugin(spec, base, opts.root, [...registry.keys()]);
    let t = byModule.get(module);
    if (!t) {
      t = await importPlugin(module);
      const name = t.meta.name;
      if (builtins.has(name)) throw new PluginError(`plugin ${module}: meta.name "${name}" is a built-in transform's name; a plugin may not replace it (choose another name)`, module);
      if (registry.has(name)) throw new PluginError(`plugin ${module}: meta.name "${name}" is already the name of another plugin of this run`, module);
      byModule.set(module, t);
      registry.set(name, t);
    }
    refs.set(t.meta.name, [...new Set([...(refs.get(t.meta.name) ?? []), spec])]);
    return t;
  };
  const names: string[] = [];
  for (const spec of opts.cli ?? []) names.push(builtins.has(spec) ? spec : (await add(spec, opts.cwd)).meta.name);
  const specs = [...new Set(opts.config?.specs ?? [])].filter((s) => !builtins.has(s));
  const configured = new Map<string, AnyTransform>();
  // Paths first, so that a bare name can be a plugin the config (or -t) loads by path.
  for (const spec of specs.filter(isPathSpec)) configured.set(spec, await add(spec, opts.config!.dir));
  for (const spec of specs.filter((s) => !isPathSpec(s))) configured.set(spec, registry.get(spec) ?? (await add(spec, opts.config!.dir)));
  for (const t of registry.values()) lookup.set(t.meta.name, t);
  for (const [spec, t] of configured) lookup.set(spec, t);
  return { registry, lookup, names, refs };
}
