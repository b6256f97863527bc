import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { relPath } from '../core/source.js';
import { normalizeName } from '../requirements/index.js';
import type { Service } from '../project/model.js';
import type { DepFinding } from './types.js';

/**
 * The requirement names of a pyproject.toml's static `[project] dependencies = [...]` list (or the keys of
 * `[tool.poetry.dependencies]`), each with its line; undefined when the list is dynamic or absent from both.
 */
export function projectDependencies(text: string): Map<string, number> | undefined {
  const lines = text.split(/\r?\n/);
  const out = new Map<string, number>();
  let table = '';
  let inList = false;
  let found = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\s+#.*$/, '');
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header && !inList) {
      table = header[1]!.trim();
      continue;
    }
    if (table === 'project' && /^\s*dynamic\s*=.*["']dependencies["']/.test(line)) return undefined;
    if (table === 'project' && !inList && /^\s*dependencies\s*=\s*\[/.test(line)) {
      inList = true;
      found = true;
    }
    if (inList) {
      for (const m of line.matchAll(/["']\s*([A-Za-z0-9][A-Za-z0-9._-]*)/g)) out.set(normalizeName(m[1]!), i + 1);
      if (/\]\s*$/.test(line)) inList = false;
      continue;
    }
    if (table === 'tool.poetry.dependencies') {
      const key = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(line);
      if (key && key[1]!.toLowerCase() !== 'python') out.set(normalizeName(key[1]!), i + 1);
      found = true;
    }
  }
  return found ? out : undefined;
}

/**
 * A service whose Dockerfile installs its own project (`pip install -e .`, `pip install .`) keeps that project's
 * requirements installed: a declared package it lists is `transitive` (removing the line only drops the pin), also
 * when it was `unverified` (the project's list is exact evidence); when
 * the project's list cannot be read (setup.py, dynamic dependencies), what looks unused is `unverified`.
 */
export function keepProjectRequirements(findings: DepFinding[], service: Service, root: string): void {
  const install = service.link?.problems.find((p) => p.code === 'pyproject-install');
  if (!install || !service.build || !findings.some((f) => f.class === 'unused' || f.class === 'unverified')) return;
  const file = path.join(service.build.context, 'pyproject.toml');
  const deps = existsSync(file) ? projectDependencies(readFileSync(file, 'utf8')) : undefined;
  const at = `${install.file}${install.line ? `:${install.line}` : ''}`;
  for (const f of findings) {
    if ((f.class !== 'unused' && f.class !== 'unverified') || !f.declared) continue;
    const line = deps?.get(f.declared.normalized);
    if (line !== undefined) {
      Object.assign(f, { class: 'transitive', evidence: `required by the project the image installs (${at}; ${relPath(root, file)}:${line} lists it); removing the line does not uninstall it, it only drops the pin` });
    } else if (deps === undefined && f.class === 'unused') {
      Object.assign(f, { class: 'unverified', evidence: `${f.evidence}; but the image installs its own project (${at}), whose requirements are not read (no static [project] dependencies in ${relPath(root, file)}), so it may require ${f.package}: kept` });
    }
  }
}
