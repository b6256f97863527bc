import { structuredPatch } from 'diff';
import type { Change, Finding } from '../core/finding.js';
import type { FileChange } from '../pipeline/apply-edits.js';

/** Lines added and removed in one changed file, counted as `git diff --stat` does (from a 0-context patch). */
export function diffStat(f: FileChange): { file: string; added: number; removed: number } {
  const patch = structuredPatch(f.source.rel, f.source.rel, f.source.text, f.after, '', '', { context: 0 });
  let added = 0;
  let removed = 0;
  for (const h of patch.hunks) {
    for (const l of h.lines) {
      if (l.startsWith('+')) added++;
      else if (l.startsWith('-')) removed++;
    }
  }
  return { file: f.source.rel, added, removed };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The pull-request description of an apply: what changed per service with the evidence of each change, the
 * warnings that concern those services, the diff stats per file, then the full markdown report.
 */
export function prBody(changes: readonly Change[], findings: readonly Finding[], files: readonly FileChange[], report: string, projects = 1): string {
  // `project/service` only when the run spans several projects; one project: the service name alone.
  const key = (s: string | undefined): string => (s === undefined ? '-' : projects > 1 ? s : (s.split('/').pop() ?? s));
  const services = [...new Set(changes.map((c) => key(c.service)))];
  const stats = files.map(diffStat);
  const out: string[] = [`## composeshift: ${plural(changes.length, 'change')} in ${plural(services.length, 'service')}`, ''];
  out.push('Made by `composeshift apply`; every change below names the facts it rests on. Re-running refreshes this branch.', '');
  out.push('### What changed', '');
  for (const svc of services) {
    out.push(`#### ${svc}`, '');
    for (const c of changes.filter((x) => key(x.service) === svc)) {
      out.push(`- \`${c.file}:${c.line}\` ${c.what}: ${c.before || 'none'} → ${c.after || 'none'} (${c.transform})`, `  - evidence: ${c.reason}`);
    }
    const notes = findings.filter((f) => key(f.service) === svc && f.level !== 'info');
    for (const f of notes) out.push(`- ${f.level}: ${f.message}${f.evidence ? ` (evidence: ${f.evidence})` : ''}`);
    out.push('');
  }
  out.push('### Diff stats', '', '| FILE | + | − |', '| --- | --: | --: |');
  for (const s of stats) out.push(`| ${cell(s.file)} | ${s.added} | ${s.removed} |`);
  const added = stats.reduce((n, s) => n + s.added, 0);
  const removed = stats.reduce((n, s) => n + s.removed, 0);
  out.push('', `${plural(stats.length, 'file')} changed, ${plural(added, 'insertion')}(+), ${plural(removed, 'deletion')}(−)`, '');
  out.push('<details><summary>Full report</summary>', '', report.replace(/^# composeshift report\n\n?/, '').trimEnd(), '', '</details>', '');
  return out.join('\n');
}
