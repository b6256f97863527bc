import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { relPath } from '../core/source.js';
import { packageOf } from '../node/imports.js';
import type { Project } from '../project/model.js';
import { importNamesFor, importUses, isStdlib, scanImports } from '../python/index.js';
import { normalizeName, parseRequirements } from '../requirements/index.js';
import type { DepIndex } from './dep-index.js';
import type { ImageMetadataFact } from '../facts/types.js';
import { isIgnored, policyFor, type DepsPolicy } from './policy.js';
import { auditSavings, type AuditSavings } from './savings.js';
import type { DepClass, Ecosystem, ServiceDeps } from './types.js';

/** One finding of the audit (the JSON contract: package, class, file, line, evidence). */
export interface AuditFinding {
  package: string;
  class: DepClass;
  file?: string;
  line?: number;
  evidence: string;
  ecosystem: Ecosystem;
  ignored?: boolean;
  via?: string;
}

/** One service of the audit. */
export interface AuditService {
  service: string;
  key: string;
  sources: { from: 'copies' | 'context'; roots: string[]; files: number }[];
  declared: { package: string; ecosystem: Ecosystem; file: string; line: number; class: DepClass }[];
  imported: { module: string; ecosystem: Ecosystem; file: string; line: number; test: boolean }[];
  /** Third-party names the service's non-test code imports (top-level modules; npm package names), sorted. */
  importedPackages: string[];
  findings: AuditFinding[];
  notes: string[];
  /** What removing the service's unused Python packages reclaims in its image (bytes measured from RECORD), or why not measured. */
  savings?: AuditSavings;
}

export interface AuditData {
  services: AuditService[];
}

/** The audit of analysed services, one entry per compose service, findings = every class but `used`. */
export function buildAudit(project: Project, analyses: readonly ServiceDeps[], policies: readonly DepsPolicy[] = [], opts: { images?: ReadonlyMap<string, ImageMetadataFact> } = {}): AuditData {
  const byKey = new Map<string, AuditService>();
  for (const a of analyses) {
    let s = byKey.get(a.service.key);
    if (!s) byKey.set(a.service.key, (s = { service: a.service.name, key: a.service.key, sources: [], declared: [], imported: [], importedPackages: [], findings: [], notes: [] }));
    const policy = policyFor(a.service, policies);
    s.sources.push({ from: a.sourcesFrom, roots: a.sourceRoots, files: a.sourceFileCount });
    for (const f of a.findings) {
      if (f.declared) s.declared.push({ package: f.package, ecosystem: f.ecosystem, file: f.declared.rel, line: f.declared.line, class: f.class });
      if (f.class === 'used') continue;
      const ignored = isIgnored(f, policy);
      s.findings.push({
        package: f.package,
        class: f.class,
        ...(f.file !== undefined ? { file: f.file } : {}),
        ...(f.line !== undefined ? { line: f.line } : {}),
        evidence: f.evidence,
        ecosystem: f.ecosystem,
        ...(ignored ? { ignored } : {}),
        ...(f.via ? { via: f.via } : {}),
      });
    }
    for (const i of a.imports) {
      s.imported.push({ module: i.module, ecosystem: a.ecosystem, file: i.file, line: i.line, test: i.test });
      const name = a.ecosystem === 'node' ? packageOf(i.module) : isStdlib(i.module.split('.')[0]!) ? undefined : i.module.split('.')[0];
      if (name !== undefined && !i.test && !s.importedPackages.includes(name)) s.importedPackages.push(name);
    }
    s.importedPackages.sort();
    s.notes.push(...a.notes);
    if (a.ecosystem === 'python') {
      const unused = a.findings.filter((f) => f.class === 'unused' && f.declared && !isIgnored(f, policy)).map((f) => f.declared!.normalized);
      s.savings = auditSavings(opts.images?.get(a.service.key), a.declared.map((d) => d.normalized), unused);
    }
  }
  const order = new Map(project.services.map((s, i) => [s.key, i]));
  return { services: [...byKey.values()].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0)) };
}

/** Where a package is: every requirements file / package.json of the tree that names it, which services install it, where it is imported. */
export interface PackageReport {
  package: string;
  importNames: string[];
  declared: { file: string; line: number; text: string }[];
  installedBy: { service: string; file: string; line: number; class: DepClass; evidence: string }[];
  importedBy: { service?: string; file: string; line: number; module: string }[];
}

const SKIP = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', 'site-packages', 'dist-packages']);

function walk(dir: string, visit: (abs: string, name: string) => void, budget = { n: 50000 }): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (budget.n-- <= 0) return;
    const abs = path.join(dir, name);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!SKIP.has(name)) walk(abs, visit, budget);
    } else if (st.isFile()) visit(abs, name);
  }
}

/** Answer "is package X anywhere?": declared in any requirements file or package.json under the root, installed by which service, imported by which file. */
export function packageQuery(project: Project, analyses: readonly ServiceDeps[], name: string, index: DepIndex): PackageReport {
  const py = normalizeName(name);
  const names = importNamesFor(py, index.sitePackages);
  const report: PackageReport = { package: name, importNames: names, declared: [], installedBy: [], importedBy: [] };
  const seenImports = new Set<string>();
  for (const a of analyses) {
    for (const f of a.findings) {
      const d = f.declared;
      if (d && (a.ecosystem === 'python' ? d.normalized === py : d.package === name)) {
        report.installedBy.push({ service: a.service.name, file: d.rel, line: d.line, class: f.class, evidence: f.evidence });
      }
    }
    for (const i of a.imports) {
      const hit = a.ecosystem === 'python' ? names.some((n) => importUses({ module: i.module, names: [], relative: false }, n)) : packageOf(i.module) === name;
      if (hit) {
        report.importedBy.push({ service: a.service.name, file: i.file, line: i.line, module: i.module });
        seenImports.add(`${i.file}:${i.line}`);
      }
    }
  }
  walk(project.root, (abs, base) => {
    const rel = relPath(project.root, abs);
    if (/^requirements.*\.(txt|in)$|\.(txt|in)$/.test(base) && (/requirements|constraints/i.test(rel))) {
      const text = readText(abs);
      if (text === undefined) return;
      for (const l of parseRequirements(text).lines) {
        if (l.kind === 'requirement' && l.requirement?.name?.normalized === py) report.declared.push({ file: rel, line: l.line, text: text.slice(l.start, l.end) });
      }
    } else if (base === 'package.json') {
      const text = readText(abs);
      if (text === undefined) return;
      try {
        const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
        for (const k of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
          if (pkg[k] && name in pkg[k]!) {
            const at = text.indexOf(JSON.stringify(name));
            report.declared.push({ file: rel, line: text.slice(0, at).split('\n').length, text: `${k}: ${JSON.stringify(name)}: ${JSON.stringify(pkg[k]![name])}` });
          }
        }
      } catch {
        // not JSON
      }
    } else if (/\.pyw?$/.test(base)) {
      const text = readText(abs);
      if (text === undefined || !names.some((n) => text.includes(n.split('.')[0]!))) return;
      for (const imp of scanImports(text).imports) {
        if (!names.some((n) => importUses(imp, n)) || seenImports.has(`${rel}:${imp.line}`)) continue;
        report.importedBy.push({ file: rel, line: imp.line, module: imp.module });
      }
    }
  });
  return report;
}

function readText(abs: string): string | undefined {
  try {
    const buf = readFileSync(abs);
    return buf.length > 2 * 1024 * 1024 ? undefined : buf.toString('utf8');
  } catch {
    return undefined;
  }
}
