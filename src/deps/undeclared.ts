import { importUses, isStdlib, importNamesFor } from '../python/index.js';
import { normalizeName } from '../requirements/index.js';
import type { DepIndex } from './dep-index.js';
import { baseImageOf } from './data/base-images.js';
import { at, type Scanned } from './use-evidence.js';
import type { DeclaredDep, DepFinding, ImportUse } from './types.js';

/** What decides whether an undeclared import can break the service (`missing`) or not (`undeclared`, info). */
export interface UndeclaredContext {
  local: ReadonlySet<string>;
  /** Absolute paths reachable from the entry module; undefined when no entry was found. */
  reachable: ReadonlySet<string> | undefined;
  /** Absolute path of each runtime import's file, by `file:line`. */
  absOf: (u: ImportUse) => string;
  /** Base images of the Dockerfile's stages (`pytorch/pytorch:2.3.1-…`). */
  baseImages: readonly string[];
  /** What the image installs whose requirements or import names are unknown (a URL line, a declared package no source knows the requirements of): any may provide an import. */
  mayProvide?: readonly string[];
}

/** Why an undeclared import cannot break the service at start-up, or undefined when it can. */
function softReason(s: Scanned, ctx: UndeclaredContext, dists: readonly string[]): string | undefined {
  for (const ref of ctx.baseImages) {
    const b = baseImageOf(ref);
    const d = b && dists.find((x) => b.provides.includes(x));
    if (b && d) return `${d} is provided by the base image ${ref} [${b.source}]`;
  }
  if (s.imp.local) return 'function-local import (runs only when the function is called)';
  if (s.imp.guarded) return 'guarded by importlib.util.find_spec';
  if (s.imp.conditional) return 'conditional import (inside an if block: runs only when its condition holds)';
  if (ctx.reachable === undefined) return 'the entry module could not be found from CMD/ENTRYPOINT/command, so reachability is unknown';
  if (!ctx.reachable.has(ctx.absOf(s.use))) return 'not reachable from the entry module (the service never imports this file)';
  return undefined;
}

/**
 * Imports no declared distribution provides, outside the standard library and the service's own modules:
 * `transitive` when a declared package installs it, `missing` for top-level unguarded imports reachable from the
 * entry module, else `undeclared` (info) with the reason.
 */
export function undeclared(runtime: readonly Scanned[], declared: readonly DeclaredDep[], index: DepIndex, ctx: UndeclaredContext): DepFinding[] {
  const site = index.sitePackages;
  const declaredNames = declared.map((d) => importNamesFor(d.normalized, site));
  const closure = index.closure(declared.map((d) => d.normalized));
  const groups = new Map<string, { uses: Scanned[]; hard: Scanned[]; soft?: string; via?: string; chain?: string[]; dist: string; name: string }>();
  for (const s of runtime) {
    const { imp, use } = s;
    if (use.typeOnly || use.optional || imp.top === '' || imp.top === '__future__' || isStdlib(imp.top) || ctx.local.has(imp.top)) continue;
    if (declaredNames.some((names) => names.some((n) => importUses(imp, n)))) continue;
    const candidates = imp.kind === 'from' ? [...imp.names.map((n) => `${imp.module}.${n}`), imp.module] : [imp.module];
    let found = index.providers.providersOf(candidates[0]!);
    for (const c of candidates) {
      const p = index.providers.providersOf(c);
      if (p.known) {
        found = p;
        break;
      }
    }
    const viaDist = found.dists.find((d) => closure.has(d));
    const key = viaDist ?? found.dists[0]!;
    const g = groups.get(key) ?? { uses: [], hard: [], dist: key, name: found.name };
    g.uses.push(s);
    const soft = softReason(s, ctx, found.dists.map(normalizeName));
    if (soft === undefined) g.hard.push(s);
    else g.soft ??= `${soft} (${at(use)})`;
    if (viaDist) {
      g.via = closure.get(viaDist)![0];
      g.chain = closure.get(viaDist);
    }
    groups.set(key, g);
  }
  const out: DepFinding[] = [];
  for (const g of [...groups.values()].sort((a, b) => a.dist.localeCompare(b.dist))) {
    const list = g.hard.length ? g.hard : g.uses;
    const first = list[0]!.use;
    const places = list.slice(0, 3).map((s) => at(s.use)).join(', ') + (list.length > 3 ? ` (+${list.length - 3} more)` : '');
    if (g.via !== undefined) {
      out.push({ ecosystem: 'python', package: g.dist, class: 'transitive', file: first.file, line: first.line, via: g.via, evidence: `import ${first.module} at ${places}; not declared, installed by ${g.chain!.join(' → ')}` });
    } else if (g.hard.length && ctx.mayProvide?.length) {
      const names = ctx.mayProvide.length > 4 ? `${ctx.mayProvide.slice(0, 4).join(', ')} and ${ctx.mayProvide.length - 4} more` : ctx.mayProvide.join(', ');
      out.push({ ecosystem: 'python', package: g.dist, class: 'undeclared', file: first.file, line: first.line, evidence: `import ${first.module} at ${places}; not declared, but not shown missing: the image also installs ${names}, whose requirements or import names are unknown, so one of them may provide ${g.name}` });
    } else if (g.hard.length) {
      out.push({ ecosystem: 'python', package: g.dist, class: 'missing', file: first.file, line: first.line, evidence: `import ${first.module} at ${places}; a top-level import reachable from the entry module; no declared package provides ${g.name} and it is not in the standard library` });
    } else {
      out.push({ ecosystem: 'python', package: g.dist, class: 'undeclared', file: first.file, line: first.line, evidence: `import ${first.module} at ${places}; not declared, but not missing: ${g.soft}` });
    }
  }
  return out;
}
