import path from 'node:path';
import type { PyImport, PyString } from '../python/index.js';
import type { CommandUse } from './commands.js';

/** A module or script the service starts from, and the command that names it. */
export interface EntryRef {
  kind: 'module' | 'file';
  name: string;
  where: string;
}

/** What the graph needs of one scanned file. */
export interface GraphFile {
  abs: string;
  imports: readonly PyImport[];
  strings: readonly PyString[];
}

const PYTHON = /^python(?:\d+(?:\.\d+)?)?$/;
const APP_OPTIONS = new Set(['-A', '--app', '--app-dir']);
const MODULE_ATTR = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*):[A-Za-z_][\w.]*(?:\(.*\))?$/;
/** Submodules frameworks import by convention once a package is named (Django app registry, Celery autodiscovery). */
const CONVENTIONAL = ['models', 'apps', 'admin', 'tasks', 'signals', 'urls', 'celery', 'wsgi', 'asgi', 'settings'];

/** Entry modules and scripts named by the commands run when the container starts (not RUN, not healthchecks). */
export function entryRefs(commands: readonly CommandUse[]): EntryRef[] {
  const out: EntryRef[] = [];
  for (const c of commands) {
    if (!c.runtime) continue;
    if (c.kind === 'module' || c.kind === 'ref') out.push({ kind: 'module', name: c.name, where: c.where });
    if (c.kind === 'command' && c.name.endsWith('.py')) out.push({ kind: 'file', name: c.name, where: c.where });
    if (c.kind === 'command' && PYTHON.test(c.name)) {
      const script = c.args.find((a) => !a.startsWith('-'));
      if (script?.endsWith('.py') && !c.args.includes('-c')) out.push({ kind: 'file', name: script, where: c.where });
    }
    if (c.kind === 'command' || c.kind === 'module') {
      c.args.forEach((a, i) => {
        const m = MODULE_ATTR.exec(a);
        if (m) out.push({ kind: 'module', name: m[1]!, where: c.where });
        else if (a.endsWith('.py') && !a.startsWith('-')) out.push({ kind: 'file', name: a, where: c.where });
        const prev = c.args[i - 1];
        const value = prev && APP_OPTIONS.has(prev) ? a : /^--app=(.+)$/.exec(a)?.[1];
        if (value && /^[A-Za-z_][\w.]*(?::[\w.]+)?$/.test(value)) out.push({ kind: 'module', name: value.split(':')[0]!, where: c.where });
      });
    }
  }
  return out;
}

/**
 * The service's own files reachable from its entries: the import graph (absolute imports resolved against the
 * copied files by dotted suffix, relative imports by folder), plus local modules named by string literals (Django
 * settings, INSTALLED_APPS, Celery `-A`), with a package's conventional submodules. Undefined when no entry
 * resolves to a file of the service.
 */
export function reachableFiles(files: readonly GraphFile[], roots: readonly string[], entries: readonly EntryRef[], memo: <T>(kind: string, key: string, make: () => T) => T = (_k, _key, make) => make()): Set<string> | undefined {
  const byAbs = new Map(files.map((f) => [f.abs, f]));
  const byModule = new Map<string, string[]>();
  const packages = new Set<string>();
  for (const f of files) {
    const root = roots.find((r) => f.abs === r || f.abs.startsWith(r + path.sep));
    const base = root === undefined ? path.dirname(f.abs) : path.dirname(root);
    // Every dotted suffix of the file's path is a name it may be imported by (`svc.app.main`, `app.main`, `main`).
    const { names, init } = memo('module-names', `${base}\0${f.abs}`, () => {
      const parts = path.relative(base, f.abs).replace(/\.pyw?$/, '').split(path.sep);
      const pkg = parts[parts.length - 1] === '__init__';
      if (pkg) parts.pop();
      return { names: parts.map((_, k) => parts.slice(k).join('.')).filter(Boolean), init: pkg };
    });
    for (const name of names) {
      const list = byModule.get(name);
      if (list) list.push(f.abs);
      else byModule.set(name, [f.abs]);
      if (init) packages.add(name);
    }
  }
  const reached = new Set<string>();
  const queue: string[] = [];
  const add = (abs: string): void => {
    if (!reached.has(abs) && byAbs.has(abs)) {
      reached.add(abs);
      queue.push(abs);
    }
  };
  const module = (name: string, conventional = false): boolean => {
    const hits = byModule.get(name);
    if (!hits) return false;
    const parts = name.split('.');
    for (let k = 1; k < parts.length; k++) for (const p of byModule.get(parts.slice(0, k).join('.')) ?? []) if (p.endsWith(`${path.sep}__init__.py`)) add(p);
    for (const h of hits) add(h);
    if (conventional && packages.has(name)) for (const sub of CONVENTIONAL) for (const h of byModule.get(`${name}.${sub}`) ?? []) add(h);
    return true;
  };
  for (const e of entries) {
    if (e.kind === 'module') {
      module(e.name, true);
      module(`${e.name}.__main__`);
    } else {
      // A path in the image (`/app/src/main.py`) matches a copied file by its longest suffix, else by base name.
      const segs = e.name.split('/').filter((x) => x && x !== '.');
      for (let k = 0; k < segs.length; k++) {
        const tail = path.sep + segs.slice(k).join(path.sep);
        const hits = files.filter((f) => f.abs.endsWith(tail));
        if (hits.length) {
          for (const h of hits) add(h.abs);
          break;
        }
      }
    }
  }
  if (!reached.size) return undefined;
  while (queue.length) {
    const f = byAbs.get(queue.shift()!)!;
    const dir = path.dirname(f.abs);
    for (const imp of f.imports) {
      if (imp.relative) {
        const dots = /^\.*/.exec(imp.module)![0].length;
        let base = dir;
        for (let k = 1; k < dots; k++) base = path.dirname(base);
        const rest = imp.module.slice(dots);
        const mod = rest ? path.join(base, ...rest.split('.')) : base;
        for (const cand of [`${mod}.py`, path.join(mod, '__init__.py'), ...imp.names.flatMap((n) => [path.join(mod, `${n}.py`), path.join(mod, n, '__init__.py')])]) add(cand);
        continue;
      }
      module(imp.module);
      for (const n of imp.names) module(`${imp.module}.${n}`);
    }
    for (const s of f.strings) if (s.value.includes('.') || byModule.has(s.value)) module(s.value, true) || module(s.value.slice(0, Math.max(0, s.value.lastIndexOf('.'))));
  }
  return reached;
}
