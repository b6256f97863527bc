import { relPath, type SourceFile } from '../core/source.js';
import { fileReader } from '../project/load.js';
import type { Project, Service } from '../project/model.js';
import { normalizeName, parsedRequirements, type LogicalLine, type RequirementsFile } from '../requirements/index.js';
import { lockFileInfo, type LockInfo } from './lock-file.js';
import type { DeclaredDep } from './types.js';

/** `# composeshift: ignore` in a requirement line's comment. */
export const IGNORE_COMMENT = /composeshift:\s*ignore\b/i;

/** A parsed requirements file a service installs. */
export interface InstalledFile {
  source: SourceFile;
  parsed: RequirementsFile;
  /** Taken as a guess (no readable Dockerfile): reported, never edited. */
  guessed: boolean;
  /** Lock-style output (pip-compile, uv export, all lines hashed): never edited. */
  lock?: LockInfo;
}

/** Parse a requirements file once per SourceFile (the one cache linking, analysis, transforms and verify share). */
export { parsedRequirements };

/** Requirements files (not constraints) the service's Dockerfile installs, includes followed. */
export function installedFiles(project: Project, service: Service): InstalledFile[] {
  const read = fileReader(project.root, project.files);
  const out: InstalledFile[] = [];
  for (const r of service.link?.requirements ?? []) {
    if (r.kind === 'constraint') continue;
    let source: SourceFile;
    try {
      source = read(r.path);
    } catch {
      continue;
    }
    const parsed = parsedRequirements(source);
    const lock = lockFileInfo(source, parsed, project.root);
    out.push({ source, parsed, guessed: r.via === 'guess' || (r.via === 'include' && (service.link?.guessed ?? false)), ...(lock ? { lock } : {}) });
  }
  return out;
}

/** The requirement line of a declaration, for edits. */
export function declarationLine(file: InstalledFile, line: number): LogicalLine | undefined {
  return file.parsed.lines.find((l) => l.kind === 'requirement' && l.line === line);
}

/** Declared Python dependencies: named requirements of the installed files, then inline `pip install` names. */
export function declaredPython(project: Project, service: Service, files: readonly InstalledFile[]): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  for (const f of files) {
    for (const l of f.parsed.lines) {
      const name = l.requirement?.name;
      if (l.kind !== 'requirement' || !name) continue;
      out.push({
        ecosystem: 'python',
        package: name.text,
        normalized: name.normalized,
        file: f.source.path,
        rel: f.source.rel,
        line: l.line,
        extras: (l.requirement?.extras?.items ?? []).map((e) => normalizeName(e)),
        inlineIgnore: l.comment !== undefined && IGNORE_COMMENT.test(l.comment.text),
        ...(l.comment ? { comment: l.comment.text } : {}),
        ...(l.requirement?.specifier ? { specifier: f.source.text.slice(l.requirement.specifier.start, l.requirement.specifier.end) } : {}),
        ...(f.guessed || f.lock ? { readOnly: true } : {}),
        ...(f.lock ? { lock: f.lock } : {}),
      });
    }
  }
  const df = service.link?.dockerfile;
  for (const install of service.link?.pipInstalls ?? []) {
    if (install.subcommand !== 'install' || !df) continue;
    for (const p of install.packages) {
      if (p.kind !== 'requirement' || p.variable) continue;
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?\s*([^;]*)/.exec(p.text);
      if (!m) continue;
      out.push({
        ecosystem: 'python',
        package: m[1]!,
        normalized: normalizeName(m[1]!),
        file: df.path,
        rel: relPath(project.root, df.path),
        line: install.line,
        extras: (m[2] ?? '').split(',').map((e) => normalizeName(e.trim())).filter(Boolean),
        inlineIgnore: false,
        ...(m[3]?.trim() ? { specifier: m[3].trim() } : {}),
        readOnly: true,
      });
    }
  }
  return out;
}
