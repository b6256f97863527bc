import { formatMemory } from '../compose/memory.js';
import { markdownTable, textTable } from '../render/table.js';
import type { Band, ReportData, Tier } from './model.js';

const BAND: Record<Band, string> = { ok: '< 40%', watch: '40–50%', 'oom-risk': '> 50% OOM risk' };
const size = (b?: number): string => (b === undefined ? '-' : formatMemory(b));
const pct = (p?: number): string => (p === undefined ? '-' : `${p}%`);

function tierRows(before: Tier[], after: Tier[]): string[][] {
  const keys = [...new Set([...before, ...after].map((t) => t.limit))];
  return keys.map((k) => {
    const b = before.find((t) => t.limit === k);
    const a = after.find((t) => t.limit === k);
    return [k === 'none' ? 'no limit' : formatMemory(k), String(b?.count ?? 0), size(b?.total), String(a?.count ?? 0), size(a?.total)];
  });
}

/** The report as plain tables (`table`) or GitHub markdown (`md`). */
export function renderReport(data: ReportData, format: 'table' | 'md'): string {
  const table = format === 'md' ? markdownTable : textTable;
  const h = (t: string): string => (format === 'md' ? `## ${t}\n\n` : `${t}\n`);
  const out: string[] = [];
  if (format === 'md') out.push('# composeshift report\n');
  out.push(h('Memory allocation by tier'));
  const rows = tierRows(data.tiers.before, data.tiers.after);
  rows.push(['total', String(data.services.length), size(data.totals.before), String(data.services.length), size(data.totals.after)]);
  out.push(table(['LIMIT', 'SERVICES BEFORE', 'TOTAL BEFORE', 'SERVICES AFTER', 'TOTAL AFTER'], rows), '');
  out.push(h('Usage per service'));
  out.push(
    table(
      ['SERVICE', 'USAGE', 'LIMIT BEFORE', 'USAGE % BEFORE', 'BAND BEFORE', 'LIMIT AFTER', 'USAGE % AFTER', 'BAND AFTER', 'SOURCE'],
      data.services.map((r) => [
        r.service.split('/').pop()!,
        size(r.usage),
        size(r.limitBefore),
        pct(r.pctBefore),
        r.bandBefore ? BAND[r.bandBefore] + (r.oomKilled ? ', OOM-killed' : '') : r.oomKilled ? 'OOM-killed' : '-',
        size(r.limitAfter),
        pct(r.pctAfter),
        r.bandAfter ? BAND[r.bandAfter] : '-',
        r.usageSource ?? 'no usage fact',
      ]),
    ),
    '',
  );
  const risky = data.services.filter((r) => r.bandBefore === 'oom-risk');
  out.push(h(`Services above 50% (OOM risk): ${risky.length}`));
  if (risky.length) out.push(risky.map((r) => `- ${r.service.split('/').pop()} at ${pct(r.pctBefore)} of ${size(r.limitBefore)}`).join('\n') + '\n');
  out.push('');
  const images = data.services.filter((r) => r.imageBefore !== undefined);
  if (images.length) {
    out.push(h('Image sizes (measured)'));
    out.push(
      table(
        ['SERVICE', 'BEFORE', 'AFTER', 'SAVED'],
        images.map((r) => [r.service.split('/').pop()!, size(r.imageBefore), size(r.imageAfter), r.imageAfter === undefined ? '-' : size(r.imageBefore! - r.imageAfter)]),
      ),
      '',
    );
  }
  out.push(h(`Changes: ${data.changes.length}`));
  if (data.changes.length) {
    out.push(table(['SERVICE', 'FILE', 'CHANGE', 'BEFORE → AFTER', 'REASON'], data.changes.map((c) => [c.service?.split('/').pop() ?? '-', `${c.file}:${c.line}`, c.what, `${c.before} → ${c.after}`, c.reason])));
  }
  return out.join('\n');
}
