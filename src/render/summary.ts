import type { Change, Finding } from '../core/finding.js';
import type { Colors } from './color.js';
import { textTable } from './table.js';

/** The per-change summary: service, file:line, before → after, reason. */
export function changeSummary(changes: readonly Change[]): string {
  if (!changes.length) return '';
  // Service names alone, unless a --recursive run spans several compose projects.
  const projects = new Set(changes.map((c) => c.service?.split('/')[0]));
  const name = (key?: string): string => (key === undefined ? '-' : projects.size > 1 ? key : key.split('/').pop()!);
  const rows = changes.map((c) => [name(c.service), `${c.file}:${c.line}`, c.what, `${c.before} → ${c.after}`, c.reason]);
  return textTable(['SERVICE', 'FILE', 'CHANGE', 'BEFORE → AFTER', 'REASON'], rows);
}

/** Findings, one per line, warnings and errors marked. */
export function findingList(findings: readonly Finding[], c: Colors): string {
  return findings
    .map((f) => {
      const tag = f.level === 'error' ? c.red('error') : f.level === 'warn' ? c.yellow('warn') : c.dim('info');
      const where = f.file ? ` ${c.dim(`${f.file}${f.line ? `:${f.line}` : ''}`)}` : '';
      return `${tag} ${f.message}${where}${f.evidence ? `\n      ${c.dim(f.evidence)}` : ''}`;
    })
    .join('\n') + (findings.length ? '\n' : '');
}
