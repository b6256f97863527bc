import type { Finding } from '../core/finding.js';
import { isIgnored, type DepsPolicy } from './policy.js';
import type { DepFinding, ServiceDeps } from './types.js';

const LEVEL: Record<DepFinding['class'], Finding['level']> = {
  used: 'info',
  unused: 'warn',
  'unknown-name': 'warn',
  unverified: 'warn',
  missing: 'warn',
  'test-only': 'warn',
  cli: 'info',
  'env-switch': 'info',
  'optional-backend': 'info',
  implicit: 'info',
  'string-ref': 'info',
  undeclared: 'info',
  transitive: 'info',
};

const WORDS: Record<DepFinding['class'], string> = {
  used: 'is imported',
  unused: 'is declared but never imported, run or loaded',
  'unknown-name': 'has import names no metadata or table knows: kept (pass --image-metadata or --site-packages DIR)',
  unverified: 'has no use found, but kept: another kept package may require it (its requirements are unknown)',
  cli: 'is not imported but run as a command',
  implicit: 'is not imported but loaded implicitly',
  'test-only': 'is a test/dev-only package in a runtime requirements file',
  missing: 'is imported but not declared',
  'env-switch': 'is not imported but switched on by an environment variable or option',
  'optional-backend': 'is not imported but loaded as an optional backend by a package the service uses',
  'string-ref': 'is not imported but named as a module in a string (loaded by name at run time)',
  undeclared: 'is imported but not declared (not where it can break the service: see evidence)',
  transitive: 'is imported or pinned, and installed as a dependency of a declared package',
};

/** The transform's findings for one analysed service: every class but `used`, with evidence. */
export function depFindings(a: ServiceDeps, policy: DepsPolicy | undefined): Finding[] {
  const out: Finding[] = [];
  for (const f of a.findings) {
    if (f.class === 'used') continue;
    // Unused lines of a lock file are reported once per file by the removal planner, with the command to re-run.
    if (f.class === 'unused' && f.declared?.lock) continue;
    const ignored = isIgnored(f, policy);
    out.push({
      transform: 'unused-deps',
      level: ignored ? 'info' : LEVEL[f.class],
      code: `dep-${f.class}`,
      message: `${a.service.name}: ${f.package} ${WORDS[f.class]}${ignored ? ' (ignored)' : ''}`,
      service: a.service.key,
      ...(f.file !== undefined ? { file: f.file } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
      evidence: f.evidence,
      data: { class: f.class, package: f.package, ecosystem: f.ecosystem, ...(f.via ? { via: f.via } : {}), ...(ignored ? { ignored: true } : {}) },
    });
  }
  for (const n of a.notes) out.push({ transform: 'unused-deps', level: 'info', code: 'dep-note', message: `${a.service.name}: ${n}`, service: a.service.key });
  return out;
}
