import type { Change, Finding } from '../core/finding.js';
import type { Colors } from './color.js';
import { cut, foldList, wrap } from './fit.js';
import type { ServiceLabel } from './service-label.js';

/** How the summary is laid out: the width to fit and the run's service naming. */
export interface SummaryStyle {
  width: number;
  label: ServiceLabel;
}

/** An empty value shows as `none` (an option added where there was none, a key removed). */
export const shown = (v: string): string => (v.trim() === '' ? 'none' : v);

/** One row of the summary: one edit, with every service it is made for (an anchor shared by three: one row). */
interface Row {
  services: string[];
  where: string;
  what: string;
  before: string;
  after: string;
  reasons: { service: string; reason: string }[];
}

function rowsOf(changes: readonly Change[], label: ServiceLabel): Row[] {
  const rows = new Map<string, Row>();
  for (const c of changes) {
    const id = [c.file, c.line, c.what, c.before, c.after].join('\0');
    const row = rows.get(id) ?? { services: [], where: `${c.file}:${c.line}`, what: c.what, before: shown(c.before), after: shown(c.after), reasons: [] };
    const svc = label(c.service) ?? '-';
    for (const s of svc.split(', ')) if (!row.services.includes(s)) row.services.push(s);
    if (!row.reasons.some((r) => r.reason === c.reason)) row.reasons.push({ service: svc, reason: c.reason });
    rows.set(id, row);
  }
  return [...rows.values()];
}

const MAX_REASONS = 3;

/** `before → after` in `w` characters: each side cut on its own, so the new value always shows. */
function values(before: string, after: string, w: number): string {
  const room = w - 3;
  if (before.length + after.length <= room) return `${before} → ${after}`;
  const a = Math.min(after.length, Math.max(Math.ceil(room / 2), room - before.length));
  return `${cut(before, room - a)} → ${cut(after, a)}`;
}

/**
 * The per-change summary, fitted to `style.width`: one row per edit (service list folded, change,
 * before → after, cut with `…` when the row would not fit: the diff above has the whole text), then its
 * file:line and reason, wrapped; the services of a shared edit each with their own reason, one line each.
 */
export function changeSummary(changes: readonly Change[], style: SummaryStyle): string {
  if (!changes.length) return '';
  const rows = rowsOf(changes, style.label);
  const width = style.width;
  const serviceText = (r: Row): string => (r.services.length > 1 ? `${r.services.length} services: ${r.services.join(', ')}` : r.services[0]!);
  const w0 = Math.min(Math.max(7, ...rows.map((r) => serviceText(r).length)), Math.max(16, Math.floor(width * 0.3)));
  const w1 = Math.min(Math.max(6, ...rows.map((r) => r.what.length)), Math.max(12, Math.floor(width * 0.25)));
  const w2 = Math.max(14, width - w0 - w1 - 4);
  const line = (a: string, b: string, c: string): string => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd();
  const out = [line('SERVICE', 'CHANGE', 'BEFORE → AFTER')];
  for (const r of rows) {
    const column = foldList(r.services, w0);
    out.push(line(column, cut(r.what, w1), values(r.before, r.after, w2)));
    const listed = column === serviceText(r);
    if (r.reasons.length === 1 && listed) {
      out.push(...wrap(`${r.where}: ${r.reasons[0]!.reason}`, width, '    '));
      continue;
    }
    // The services the column could not name, folded beside file:line (unless each reason line names its own).
    const all = !listed && (r.reasons.length === 1 || r.reasons.length > MAX_REASONS) ? `  ${foldList(r.services, Math.max(10, width - r.where.length - 6))}` : '';
    out.push(cut(`    ${r.where}${all}`, width));
    if (r.reasons.length === 1) {
      out.push(...wrap(r.reasons[0]!.reason, width, '    '));
      continue;
    }
    for (const x of r.reasons.slice(0, MAX_REASONS)) out.push(cut(`    ${x.service}: ${x.reason}`, width));
    if (r.reasons.length > MAX_REASONS) out.push(`    … ${r.reasons.length - MAX_REASONS} more (--json lists every reason)`);
  }
  return out.join('\n') + '\n';
}

/**
 * Findings that only restate a change (same transform and place, their evidence already in the change's
 * reason: an unused package's `warn` beside its removal) are folded into that change's row.
 */
export function unfolded(findings: readonly Finding[], changes: readonly Change[]): Finding[] {
  return findings.filter(
    (f) => f.level === 'error' || !f.file || !f.evidence || !changes.some((c) => c.transform === f.transform && c.file === f.file && c.line === f.line && c.reason.includes(f.evidence!)),
  );
}

/** Findings, one per line (wrapped to `style.width`), warnings and errors marked; a service named in the run's key style. */
export function findingList(findings: readonly Finding[], c: Colors, style?: SummaryStyle): string {
  const width = style?.width ?? Infinity;
  return (
    findings
      .map((f) => {
        const tag = f.level === 'error' ? 'error' : f.level === 'warn' ? 'warn' : 'info';
        const paint = f.level === 'error' ? c.red : f.level === 'warn' ? c.yellow : c.dim;
        let message = f.message;
        const label = style?.label(f.service);
        const name = f.service?.slice(f.service.indexOf('/') + 1);
        if (label && name && label !== name && message.startsWith(`${name}: `)) message = `${label}: ${message.slice(name.length + 2)}`;
        const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
        const text = `${tag} ${message}${where ? ` ${where}` : ''}`;
        const lines = width === Infinity ? [text] : wrap(text, width, '      ', '');
        // Colour after wrapping, so the width counts what the user sees.
        lines[0] = paint(tag) + lines[0]!.slice(tag.length);
        const last = lines.length - 1;
        if (where && lines[last]!.endsWith(where)) lines[last] = lines[last]!.slice(0, -where.length) + c.dim(where);
        // An evidence line that the message already quotes is left out.
        const evidence = f.evidence && !f.message.includes(f.evidence) ? (width === Infinity ? [`      ${f.evidence}`] : wrap(f.evidence, width, '      ')).map((l) => c.dim(l)) : [];
        return [...lines, ...evidence].join('\n');
      })
      .join('\n') + (findings.length ? '\n' : '')
  );
}
