import { LineIndex } from '../core/position.js';
import { relPath } from '../core/source.js';

/** Calls that execute a Python file named by a path at run time (plugins, user strategies, scripts). */
const BY_PATH = /\b(?:spec_from_file_location|SourceFileLoader|load_source|run_path)\s*\(/g;
/** `__import__(name)` / `import_module(name)` whose argument is not a plain string literal. */
const DYNAMIC_IMPORT = /\b(?:__import__|import_module)\s*\(\s*(?!['"])/g;
/** A module name built at run time, in the call or assigned before it: `f'pkg.plugins.{d}.apps'`, `'pkg.plugins.' + d`. */
const BUILT_NAME = /\bf(['"])([A-Za-z_][\w.]*\.)\{|(['"])([A-Za-z_][\w.]*\.)\3\s*\+/g;

/**
 * Where the service's runtime code runs Python that the image's sources do not hold, as `file:line: what`: a file
 * loaded by path (`importlib.util.spec_from_file_location`, `SourceFileLoader`, `imp.load_source`,
 * `runpy.run_path`), or a module whose name is built at run time under a package folder the sources lack
 * (`__import__(f'recipes.plugins.{d}.apps')` with no recipes/plugins/ copied: plugins cloned or mounted there).
 * Such code may import any installed package, so none can be shown unused. Undefined when there is none.
 */
export function dynamicCodeLoad(files: readonly { abs: string; text: string }[], root: string, sourceRels: readonly string[]): string | undefined {
  const dirs = new Set<string>();
  for (const rel of sourceRels) {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const holds = (dotted: string): boolean => {
    const want = dotted.replace(/\.$/, '').split('.').join('/');
    for (const d of dirs) if (d === want || d.endsWith(`/${want}`)) return true;
    return false;
  };
  for (const f of files) {
    if (!/spec_from_file_location|SourceFileLoader|load_source|run_path|__import__|import_module/.test(f.text)) continue;
    const where = (offset: number): string => `${relPath(root, f.abs)}:${new LineIndex(f.text).position(offset).line}`;
    for (const m of f.text.matchAll(BY_PATH)) return `${where(m.index!)}: ${m[0].replace(/\s*\($/, '')}() runs a Python file by its path`;
    const call = [...f.text.matchAll(DYNAMIC_IMPORT)][0];
    if (!call) continue;
    for (const m of f.text.matchAll(BUILT_NAME)) {
      const prefix = m[2] ?? m[4]!;
      if (!holds(prefix)) return `${where(call.index!)}: ${call[0].startsWith('__') ? '__import__' : 'import_module'}() loads modules under ${prefix.slice(0, -1)} (${where(m.index!)}), a package the image's sources do not hold`;
    }
  }
  return undefined;
}
