import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// "Every stage one folder, no import cycles, transforms never touch the disk", checked on the source:
// the folder graph (src/<stage>, transforms/<name>) must be acyclic, only the registry's consumers in src/
// import transforms/, and nothing under transforms/ imports node:fs, runs subprocesses (child_process, execa) or
// the lock sync (npm runs in the pipeline's derive stage, src/pipeline/derive-locks.ts, never in a transform).

const ROOT = path.resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(abs));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(abs);
  }
  return out;
}

/** `src/compose`, `transforms/memory-limits`, or `src` / `transforms` for files at the top. */
export function folderOf(abs: string): string {
  const [top, sub, ...rest] = path.relative(ROOT, abs).split(path.sep);
  return rest.length ? `${top}/${sub}` : top!;
}

/** Every module specifier a file imports (static, re-exports, dynamic `import('…')`; type-only too). */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/**
 * Whether a file under transforms/ may not import `spec`: the disk (`node:fs`, `fs`, `fs/promises`), subprocesses
 * (`child_process`, execa), the lock sync that runs npm (src/node/lock-sync.ts, the derive stage's tool) and the
 * load stage's reader (src/project/load.ts, which reads a file the load did not read yet).
 */
export function forbiddenInTransform(file: string, spec: string): boolean {
  if (/^(node:)?(fs|fs\/promises|child_process)$/.test(spec) || /^execa(\/|$)/.test(spec)) return true;
  if (!spec.startsWith('.')) return false;
  const target = path.relative(ROOT, path.resolve(path.dirname(file), spec)).replace(/\.[jt]s$/, '');
  return target === path.join('src', 'node', 'lock-sync') || target === path.join('src', 'project', 'load');
}

/** Folder graph: folder → folder → the files that make the edge. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of [...tsFiles(path.join(ROOT, 'src')), ...tsFiles(path.join(ROOT, 'transforms'))]) {
    const from = folderOf(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = folderOf(path.resolve(path.dirname(file), spec));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), path.relative(ROOT, file)]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan): each one is an import cycle. */
export function cycles(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('architecture: one folder per stage, no cycles, pure transforms', () => {
  const graph = folderGraph();

  it('the cycle finder finds a cycle (the check can fail)', () => {
    const g = new Map([['a', new Map([['b', []]])], ['b', new Map([['c', []]])], ['c', new Map([['a', []]])], ['d', new Map([['a', []]])]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    expect(specifiers("import type { X } from '../a/x.js';\nexport { y } from './y.js';\nconst m = await import('../b/m.js');\n")).toEqual(['../a/x.js', './y.js', '../b/m.js']);
  });

  it('no import cycle between top-level folders (type-only imports count too)', () => {
    const found = cycles(graph).map((c) => c.map((f) => `${f} → ${c.filter((g) => graph.get(f)?.has(g)).map((g) => `${g} (${graph.get(f)!.get(g)![0]})`).join(', ')}`));
    expect(found).toEqual([]);
  });

  it('src/ imports transforms/ only where the registry is consumed (CLI commands, library API)', () => {
    const importers = [...graph].filter(([from, edges]) => from.startsWith('src') && [...edges.keys()].some((to) => to.startsWith('transforms'))).map(([from]) => from);
    expect(importers.sort()).toEqual(['src/api', 'src/cli']);
    for (const [from, edges] of graph) {
      if (!from.startsWith('src')) continue;
      for (const [to, files] of edges) if (to.startsWith('transforms/')) expect.fail(`${files[0]} imports a transform directly (${to}); use the registry`);
    }
  });

  it('no file under transforms/ imports node:fs, child_process, execa or the lock sync (transforms never touch the disk or run tools)', () => {
    const bad = tsFiles(path.join(ROOT, 'transforms')).flatMap((f) => specifiers(readFileSync(f, 'utf8')).filter((s) => forbiddenInTransform(f, s)).map((s) => `${path.relative(ROOT, f)} imports ${s}`));
    expect(bad).toEqual([]);
  });

  it('the transform import rule can fail: each forbidden form is caught, helpers are not', () => {
    const file = path.join(ROOT, 'transforms/unused-deps/plan-node.ts');
    const text = [
      "import { readFileSync } from 'node:fs';",
      "import fs from 'fs';",
      "import { readFile } from 'fs/promises';",
      "import { execFileSync } from 'node:child_process';",
      "import cp from 'child_process';",
      "import { execa } from 'execa';",
      "const { execaSync } = await import('execa');",
      "import { syncLock } from '../../src/node/lock-sync.js';",
      "import { fileReader } from '../../src/project/load.js';",
      "import { removeMembers } from '../../src/node/package-json.js';",
      "import path from 'node:path';",
    ].join('\n');
    expect(specifiers(text).filter((s) => forbiddenInTransform(file, s))).toEqual(['node:fs', 'fs', 'fs/promises', 'node:child_process', 'child_process', 'execa', 'execa', '../../src/node/lock-sync.js', '../../src/project/load.js']);
  });
});
