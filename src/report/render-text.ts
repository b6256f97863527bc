import { formatMemory } from '../compose/memory.js';
import { markdownTable, textTable } from '../render/table.js';
import { shown } from '../render/summary.js';
import { reportLabel, type Band, type ReportData, type Tier } from './model.js';

const BAND: Record<Band, string> = { ok: '< 40%', watch: '40–50%', 'oom-risk': '> 50% OOM risk' };
const size = (b?: number): string => (b === undefined ? '-' : formatMemory(b));
const pct = (p?: number): string => (p === undefined ? '-' : `${p}%`);

function tierRows(before: Tier[], after: Tier[]): string[][] {
  const keys = [...new Set([...before, ...after].map((t) => t.limit))].sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : a - b));
  return keys.map((k) => {
    const b = before.find((t) => t.limit === k);
    const a = after.find((t) => t.limit === k);
    const total = (t?: Tier): string => (k === 'none' || !t ? '-' : size(t.total));
    return [k === 'none' ? 'no limit' : formatMemory(k), String(b?.count ?? 0), total(b), String(a?.count ?? 0), total(a)];
  });
}

/** The report as plain tables (`table`) or GitHub markdown (`md`). */
export function renderReport(data: ReportData, format: 'table' | 'md'): string {
  const table = format === 'md' ? markdownTable : textTable;
  const label = reportLabel(data);
  const sections: string[] = [];
  const section = (title: string, body: string): void => {
    sections.push(format === 'md' ? `## ${title}\n\n${body}` : `${title}\n${body}`);
  };
  const rows = tierRows(data.tiers.before, data.tiers.after);
  rows.push(['total', String(data.services.length), size(data.totals.before), String(data.services.length), size(data.totals.after)]);
  section('Memory allocation by tier', table(['LIMIT', 'SERVICES BEFORE', 'TOTAL BEFORE', 'SERVICES AFTER', 'TOTAL AFTER'], rows));
  section(
    'Usage per service',
    table(
      ['SERVICE', 'USAGE', 'LIMIT BEFORE', 'USAGE % BEFORE', 'BAND BEFORE', 'LIMIT AFTER', 'USAGE % AFTER', 'BAND AFTER', 'SOURCE'],
      data.services.map((r) => [
        label(r.service),
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
  );
  const risky = data.services.filter((r) => r.bandBefore === 'oom-risk');
  section(`Services above 50% (OOM risk): ${risky.length}`, risky.map((r) => `- ${label(r.service)} at ${pct(r.pctBefore)} of ${size(r.limitBefore)}\n`).join(''));
  const images = data.services.filter((r) => r.imageBefore !== undefined);
  if (images.length) {
    section(
      'Image sizes (measured)',
      table(
        ['SERVICE', 'BEFORE', 'AFTER', 'SAVED'],
        images.map((r) => [label(r.service), size(r.imageBefore), size(r.imageAfter), r.imageAfter === undefined ? '-' : size(r.imageBefore! - r.imageAfter)]),
      ),
    );
  }
  section(
    `Changes: ${data.changes.length}`,
    data.changes.length ? table(['SERVICE', 'FILE', 'CHANGE', 'BEFORE → AFTER', 'REASON'], data.changes.map((c) => [c.service === undefined ? '-' : label(c.service), `${c.file}:${c.line}`, c.what, `${shown(c.before)} → ${shown(c.after)}`, c.reason])) : '',
  );
  return (format === 'md' ? '# composeshift report\n\n' : '') + sections.join('\n');
}
