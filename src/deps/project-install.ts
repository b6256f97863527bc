import { existsSync } from 'node:fs';
import path from 'node:path';
import { relPath } from '../core/source.js';
import { normalizeName, parseRequirements } from '../requirements/index.js';
import type { Service } from '../project/model.js';
import type { DeclaredDep, DepFinding } from './types.js';

/** One dependency a pyproject.toml lists. */
export interface ProjectDependency {
  /** 1-based line of its string (or poetry key). */
  line: number;
  /** As written, e.g. `fastapi[standard]>=0.110`. */
  text: string;
  extras: string[];
  specifier?: string;
}

/**
 * The requirements of a pyproject.toml's static `[project] dependencies = [...]` list (or the keys of
 * `[tool.poetry.dependencies]`, `python` and `optional = true` entries left out), by normalised name;
 * undefined when the list is dynamic or absent from both.
 */
export function projectDependencies(text: string): Map<string, ProjectDependency> | undefined {
  const out = new Map<string, ProjectDependency>();
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  const add = (req: string, offset: number): void => {
    const parsed = parseRequirements(req).lines[0]?.requirement;
    const name = parsed?.name;
    if (!parsed || !name) return;
    out.set(name.normalized, {
      line: lineAt(offset),
      text: req,
      extras: (parsed.extras?.items ?? []).map((e) => normalizeName(e)),
      ...(parsed.specifier && parsed.specifier.end > parsed.specifier.start ? { specifier: req.slice(parsed.specifier.start, parsed.specifier.end) } : {}),
    });
  };
  let table = '';
  let found = false;
  const lineRe = /[^\n]*(?:\n|$)/g;
  for (let m = lineRe.exec(text); m && m[0] !== ''; m = lineRe.exec(text)) {
    const line = m[0].replace(/\r?\n$/, '');
    const header = /^\s*\[([^\][]+)\]\s*(?:#.*)?$/.exec(line);
    if (header) {
      table = header[1]!.trim();
      continue;
    }
    if (table === 'project' && /^\s*dynamic\s*=.*["']dependencies["']/.test(line)) return undefined;
    const list = table === 'project' ? /^\s*dependencies\s*=\s*\[/.exec(line) : null;
    if (list) {
      found = true;
      // The array's strings, up to its `]`, across lines; `#` comments between items.
      let i = m.index + list[0].length;
      while (i < text.length && text[i] !== ']') {
        const c = text[i]!;
        if (c === '#') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
        else if (c === '"' || c === "'") {
          const str = c === '"' ? /^"((?:[^"\\\n]|\\.)*)"/.exec(text.slice(i)) : /^'([^'\n]*)'/.exec(text.slice(i));
          if (!str) return undefined;
          add(c === '"' ? str[1]!.replace(/\\(.)/g, '$1') : str[1]!, i);
          i += str[0].length;
        } else i++;
      }
      lineRe.lastIndex = Math.max(lineRe.lastIndex, i);
      continue;
    }
    if (table === 'tool.poetry.dependencies') {
      found = true;
      const key = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=\s*(.*)$/.exec(line);
      if (!key || key[1]!.toLowerCase() === 'python' || /\boptional\s*=\s*true\b/.test(key[2]!)) continue;
      const extras = /\bextras\s*=\s*\[([^\]]*)\]/.exec(key[2]!)?.[1];
      add(`${key[1]}${extras ? `[${extras.replace(/["'\s]/g, '')}]` : ''}`, m.index);
    }
  }
  return found ? out : undefined;
}

/** A project the image installs, with its dependency list when that list is static and read. */
export interface InstalledProject {
  line: number;
  command: string;
  /** The pyproject.toml read (abs): the one the Dockerfile's path leads to, else the build context's. */
  file?: string;
  /** Its static dependencies; undefined when unreadable or dynamic (or none is there). */
  deps?: Map<string, ProjectDependency>;
  /** Found where the Dockerfile's path leads (not the context's guess) and installed with its dependencies. */
  exact: boolean;
}

/** The projects the service's image installs itself (`pip install .`, `uv sync`), each with its list read once. */
export function installedProjects(service: Service, read: (abs: string) => string): InstalledProject[] {
  return (service.link?.projects ?? []).map((p) => {
    const file = p.pyproject ?? (service.build ? path.join(service.build.context, 'pyproject.toml') : undefined);
    let deps: Map<string, ProjectDependency> | undefined;
    try {
      deps = file && existsSync(file) ? projectDependencies(read(file)) : undefined;
    } catch {
      deps = undefined;
    }
    return { line: p.line, command: p.command, ...(file ? { file } : {}), ...(deps ? { deps } : {}), exact: p.pyproject !== undefined && p.installsDependencies };
  });
}

/**
 * The dependencies of the projects the image installs with them, as declarations that are reported and never edited
 * (composeshift does not edit pyproject.toml, and a lock beside it would need re-locking): only when the Dockerfile's
 * path leads to that pyproject.toml and its list is static. Names `skip` already declares (a requirements file the
 * image also installs) are left to that declaration.
 */
export function declaredProjectDependencies(projects: readonly InstalledProject[], root: string, skip: ReadonlySet<string>): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  for (const p of projects) {
    if (!p.exact || !p.deps || !p.file) continue;
    for (const [normalized, d] of p.deps) {
      if (skip.has(normalized) || out.some((o) => o.normalized === normalized)) continue;
      const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(d.text)![0];
      out.push({ ecosystem: 'python', package: name, normalized, file: p.file, rel: relPath(root, p.file), line: d.line, extras: d.extras, inlineIgnore: false, readOnly: true, project: true, ...(d.specifier ? { specifier: d.specifier } : {}) });
    }
  }
  return out;
}

/**
 * A service whose Dockerfile installs its own project (`pip install -e .`, `pip install .`) keeps that project's
 * requirements installed: a declared package it lists is `transitive` (removing the line only drops the pin), also
 * when it was `unverified` (the project's list is exact evidence); when
 * a project's list cannot be read (setup.py, dynamic dependencies), what looks unused is `unverified`.
 */
export function keepProjectRequirements(findings: DepFinding[], projects: readonly InstalledProject[], service: Service, root: string): void {
  const install = service.link?.problems.find((p) => p.code === 'pyproject-install');
  if (!install || !findings.some((f) => (f.class === 'unused' || f.class === 'unverified') && !f.declared?.project)) return;
  const at = `${install.file}${install.line ? `:${install.line}` : ''}`;
  const unread = projects.find((p) => !p.deps);
  for (const f of findings) {
    if ((f.class !== 'unused' && f.class !== 'unverified') || !f.declared || f.declared.project) continue;
    const by = projects.find((p) => p.deps?.has(f.declared!.normalized));
    if (by) {
      Object.assign(f, { class: 'transitive', evidence: `required by the project the image installs (${at}; ${relPath(root, by.file!)}:${by.deps!.get(f.declared.normalized)!.line} lists it); removing the line does not uninstall it, it only drops the pin` });
    } else if (unread && f.class === 'unused') {
      Object.assign(f, { class: 'unverified', evidence: `${f.evidence}; but the image installs its own project (${at}), whose requirements are not read (no static [project] dependencies in ${unread.file ? relPath(root, unread.file) : 'its pyproject.toml'}), so it may require ${f.package}: kept` });
    }
  }
}
