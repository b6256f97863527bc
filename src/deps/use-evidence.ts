import { commandsFor, importUses, implicitUsesOf, CLI_PACKAGES, type ImplicitTrigger, type PyImport } from '../python/index.js';
import { OPTIONAL_BACKENDS, type BackendTrigger } from '../python/data/optional-backend.js';
import { normalizeName } from '../requirements/index.js';
import type { CommandUse } from './commands.js';
import { describeRef, type StringRefIndex } from './string-refs.js';
import { findText, type TextHit, type TextSource } from './texts.js';
import type { DeclaredDep, ImportUse } from './types.js';

/** An import of a runtime file, with where it is. */
export interface Scanned {
  use: ImportUse;
  imp: PyImport;
}

export const at = (u: { file: string; line: number }): string => `${u.file}:${u.line}`;

/** The first place a literal text appears, or undefined. */
export type TextFinder = (pattern: string) => TextHit | undefined;

/**
 * `findText` over fixed texts, each pattern searched once (classification asks the same patterns every round).
 * With `offsetIn` (a per-run memo), a whole file is searched for a pattern once per run, whoever copies it.
 */
export function textFinder(texts: readonly TextSource[], offsetIn?: (abs: string, pattern: string, search: () => number) => number): TextFinder {
  const memo = new Map<string, TextHit | undefined>();
  const find = (pattern: string): TextHit | undefined => {
    if (!offsetIn) return findText(texts, pattern);
    for (const t of texts) {
      const i = t.abs !== undefined && t.firstLine === 1 ? offsetIn(t.abs, pattern, () => t.text.indexOf(pattern)) : t.text.indexOf(pattern);
      if (i >= 0) return findText([t], pattern);
    }
    return undefined;
  };
  return (pattern) => {
    if (!memo.has(pattern)) memo.set(pattern, find(pattern));
    return memo.get(pattern);
  };
}

/** Evidence that the service runs the distribution as a command, `python -m`, or names its module in arguments. */
export function cliUse(dist: string, names: readonly string[], commands: readonly CommandUse[]): string | undefined {
  const cmds = new Set([...commandsFor(dist), dist]);
  const modules = new Set([...names, ...CLI_PACKAGES.filter((c) => c.package === dist).flatMap((c) => c.modules ?? [])]);
  const under = (m: string): boolean => [...modules].some((n) => m === n || m.startsWith(`${n}.`));
  for (const c of commands) {
    if (c.kind === 'command' && (cmds.has(c.name) || cmds.has(normalizeName(c.name)))) return `runs \`${c.name}\` (${c.where}: ${c.command})`;
    if (c.kind === 'module' && under(c.name)) return `runs \`python -m ${c.name}\` (${c.where})`;
    if (c.kind === 'ref' && under(c.name)) return `names ${c.name} in \`${c.command}\` (${c.where})`;
  }
  return undefined;
}

function describe(t: ImplicitTrigger): string {
  switch (t.kind) {
    case 'url-scheme':
      return `URL ${t.scheme}://`;
    case 'import':
      return `import of ${t.module}`;
    case 'extra':
      return `${t.of}[${t.extra}]`;
    case 'text':
      return `"${t.pattern}"`;
  }
}

/** Evidence that something the service does use loads the distribution without an import. */
export function implicitUse(dist: string, declared: readonly DeclaredDep[], runtime: readonly Scanned[], schemes: ReadonlyMap<string, TextHit>, find: TextFinder): string | undefined {
  for (const use of implicitUsesOf(dist)) {
    for (const t of use.triggers) {
      let where: string | undefined;
      if (t.kind === 'url-scheme') {
        const hit = schemes.get(t.scheme.toLowerCase());
        if (hit) where = `${hit.rel}:${hit.line}`;
      } else if (t.kind === 'import') {
        const hit = runtime.find((s) => importUses(s.imp, t.module));
        if (hit) where = at(hit.use);
      } else if (t.kind === 'extra') {
        const hit = declared.find((d) => d.normalized === normalizeName(t.of) && d.extras.includes(normalizeName(t.extra)));
        if (hit) where = `${hit.rel}:${hit.line}`;
      } else {
        const hit = find(t.pattern);
        if (hit) where = `${hit.rel}:${hit.line}`;
      }
      if (where) return `${use.reason}: ${describe(t)} at ${where}`;
    }
  }
  return undefined;
}

/** What optional-backend matching reads. */
export interface BackendContext {
  /** Where a loader distribution is in use (a live declaration or a runtime import), or undefined. */
  loaderUse(dist: string): string | undefined;
  /** Finds a text in the service's Python sources. */
  findCode: TextFinder;
  refs: StringRefIndex;
  commands: readonly CommandUse[];
}

function triggerHit(t: BackendTrigger, ctx: BackendContext): string | undefined {
  if (t.kind === 'code') {
    const hit = ctx.findCode(t.text);
    return hit && `\`${t.text}\` at ${hit.rel}:${hit.line}`;
  }
  if (t.kind === 'string') {
    const ref = ctx.refs.find(t.value);
    if (ref) return describeRef(ref);
    // The dotted module imported in code loads the backend as surely (`from storages.backends.s3boto3 import …`).
    const dot = t.value.lastIndexOf('.');
    if (dot < 0) return undefined;
    const forms = [`from ${t.value} import `, `import ${t.value}`, `from ${t.value.slice(0, dot)} import ${t.value.slice(dot + 1)}`];
    for (const form of forms) {
      const hit = ctx.findCode(form);
      if (hit) return `\`${form.trim()}\` at ${hit.rel}:${hit.line}`;
    }
    return undefined;
  }
  const c = ctx.commands.find((x) => x.runtime && x.kind === 'command' && x.args.includes(t.value));
  return c && `\`${t.value}\` in \`${c.command}\` (${c.where})`;
}

/** Evidence that a loader in use loads `dist` as an optional backend, with the table's source. */
export function optionalBackendUse(dist: string, ctx: BackendContext): string | undefined {
  for (const b of OPTIONAL_BACKENDS) {
    if (!b.backends.includes(dist)) continue;
    for (const loader of b.loaders) {
      const where = ctx.loaderUse(loader);
      if (where === undefined) continue;
      const hit = b.triggers.length ? b.triggers.map((t) => triggerHit(t, ctx)).find((h) => h !== undefined) : 'always loaded when installed';
      if (hit) return `${b.reason}: ${loader} (${where}), ${hit} [${b.source}]`;
    }
  }
  return undefined;
}
