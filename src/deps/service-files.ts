import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { relPath } from '../core/source.js';
import type { Service } from '../project/model.js';

/** The files of a service's image that come from the build context, sorted into what the analysis reads. */
export interface ServiceFiles {
  /** Absolute roots walked: the Dockerfile's COPY/ADD sources, else the build context. */
  roots: string[];
  from: 'copies' | 'context';
  /** Absolute paths of source files, by extension family. */
  python: string[];
  node: string[];
  /** Config-like files searched for URLs and backend names (.env, .ini, .toml, .yaml, .json, .sh, Procfile...). */
  config: string[];
  /** Every file by base name, to find a script a command runs. */
  byBase: Map<string, string[]>;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', 'dist-packages', '.next', '.cache', 'coverage']);
const MAX_FILES = 20000;
const PY = /\.pyw?$/;
const JS = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;
const CONFIG = /(?:^\.env(?:\..*)?$|\.(?:env|ini|cfg|toml|ya?ml|json|conf|sh|bash)$|^Procfile$|^Dockerfile)/;

/** Walk what the service's image gets from the build context: COPY/ADD sources when the Dockerfile was read, else the context. */
export function serviceFiles(service: Service): ServiceFiles {
  const link = service.link;
  const fromCopies = link !== undefined && !link.guessed && link.dockerfile !== undefined && link.sources.length > 0;
  const roots = fromCopies ? [...link!.sources] : service.build ? [service.build.context] : [];
  // Code a dev target gets from a compose bind mount (`./app:/usr/src/app`) instead of a COPY is in the container too.
  if (fromCopies) for (const m of bindMountSources(service)) if (!roots.includes(m)) roots.push(m);
  const out: ServiceFiles = { roots, from: fromCopies ? 'copies' : 'context', python: [], node: [], config: [], byBase: new Map() };
  const seen = new Set<string>();
  let count = 0;
  const add = (abs: string): void => {
    if (seen.has(abs) || count >= MAX_FILES) return;
    seen.add(abs);
    count++;
    const base = path.basename(abs);
    if (PY.test(base)) out.python.push(abs);
    else if (JS.test(base) && !base.endsWith('.d.ts')) out.node.push(abs);
    if (CONFIG.test(base)) out.config.push(abs);
    const list = out.byBase.get(base) ?? [];
    list.push(abs);
    out.byBase.set(base, list);
  };
  const walked = walkedOf(service.project);
  for (const r of roots) {
    const kind = kindOf(r);
    if (kind === 'dir') {
      let files = walked.get(r);
      if (!files) walked.set(r, (files = walkDir(r)));
      for (const f of files) add(f);
    } else if (kind === 'file') add(r);
  }
  return out;
}

/**
 * The files under each folder walked, per loaded compose project (so per run): a shared/ library copied by a hundred
 * services is listed once, not a hundred times. Keyed by the project object, so a new run lists afresh.
 */
const walkedByProject = new WeakMap<object, Map<string, string[]>>();

function walkedOf(project: object): Map<string, string[]> {
  let m = walkedByProject.get(project);
  if (!m) walkedByProject.set(project, (m = new Map()));
  return m;
}

/** Every file under `dir` (sorted names, depth first; SKIP_DIRS and unreadable folders left out; symlinks followed). */
function walkDir(dir: string, out: string[] = []): string[] {
  let entries: Dirent[];
  try {
    // Entry types come with the listing: only a symlink (or an unknown type) needs a stat, to follow it.
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    const kind = e.isDirectory() ? 'dir' : e.isFile() ? 'file' : e.isSymbolicLink() || isUnknown(e) ? kindOf(abs) : undefined;
    if (kind === 'dir' && !SKIP_DIRS.has(e.name)) walkDir(abs, out);
    else if (kind === 'file') out.push(abs);
  }
  return out;
}

/** A listing whose file system does not report types (DT_UNKNOWN): every is*() is false. */
function isUnknown(e: Dirent): boolean {
  return !e.isFile() && !e.isDirectory() && !e.isSymbolicLink() && !e.isFIFO() && !e.isSocket() && !e.isCharacterDevice() && !e.isBlockDevice();
}

/** Host folders and files inside the compose project's folder that compose bind-mounts into the service's container (short and long syntax). */
export function bindMountSources(service: Service): string[] {
  const volumes = service.project.services.get(service.name)?.value.volumes;
  if (!Array.isArray(volumes)) return [];
  const root = path.resolve(service.project.dir);
  const out: string[] = [];
  for (const v of volumes) {
    let source: unknown;
    if (typeof v === 'string') {
      const parts = v.split(':');
      if (parts.length >= 2) source = parts[0];
    } else if (v && typeof v === 'object' && (v as Record<string, unknown>).type === 'bind') source = (v as Record<string, unknown>).source;
    // Named volumes have no path; `~` and variables are not resolved here.
    if (typeof source !== 'string' || !/^(\.{1,2}(\/|$)|\/)/.test(source)) continue;
    const abs = path.resolve(root, source);
    const rel = path.relative(service.project.dir, abs);
    // Only inside the compose project's folder: a mount of /etc or ../elsewhere is not the service's code.
    if (kindOf(abs) !== undefined && rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) out.push(abs);
  }
  return out;
}

function kindOf(abs: string): 'file' | 'dir' | undefined {
  try {
    const st = statSync(abs, { throwIfNoEntry: false });
    return st === undefined ? undefined : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** True for a test file: under tests/ or test/, `test_*.py`, `*_test.py`, `conftest.py`, `*.test.js`, `__tests__/`. */
export function isTestFile(rel: string): boolean {
  const segs = rel.split('/');
  const base = segs[segs.length - 1] ?? '';
  if (segs.slice(0, -1).some((s) => s === 'tests' || s === 'test' || s === 'testing' || s === '__tests__' || s === '__mocks__')) return true;
  // Test runners' setup files (jest.setup.ts, setupTests.js, vitest.setup.ts) are loaded by the runner only.
  return /^test_.*\.py$|_test\.py$|^conftest\.py$|\.(?:test|spec)\.[cm]?[jt]sx?$|^(?:jest|vitest|test)[.-]setup\.[cm]?[jt]sx?$|^setupTests\.[cm]?[jt]sx?$/.test(base);
}

/**
 * Top-level module names the service's own code provides: every folder and `.py` file on the way from a root to
 * a Python file (so `src/` layouts, copied folders and nested run directories all count). Used only to keep the
 * service's own modules out of `missing`, never to decide that a declared package is used.
 */
export function localModules(roots: readonly string[], python: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of python) {
    const root = roots.find((r) => file === r || file.startsWith(r + path.sep));
    const base = root === undefined ? path.dirname(file) : path.dirname(root);
    const segs = path.relative(base, file).split(path.sep);
    for (const s of segs) names.add(s.replace(/\.pyw?$/, ''));
  }
  return names;
}

/** `copied into the image (a, b)` / `in the build context (a)`, naming only roots that hold source files. */
export function describeSources(root: string, from: 'copies' | 'context', roots: readonly string[], code: readonly string[]): string {
  // Roots without source files (a copied requirements.txt) say nothing about where code was looked for.
  const withCode = roots.filter((r) => code.some((f) => f === r || f.startsWith(`${r}${path.sep}`)));
  const list = (withCode.length ? withCode : roots).map((r) => relPath(root, r)).join(', ');
  return from === 'copies' ? `copied into the image (${list})` : `in the build context (${list})`;
}
