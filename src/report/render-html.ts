import { formatMemory } from '../compose/memory.js';
import { plural } from '../core/plural.js';
import { shown } from '../render/summary.js';
import { reportLabel, type ReportData, type ServiceRow } from './model.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const size = (b?: number): string => (b === undefined ? '–' : formatMemory(b));

/** Horizontal bars: limit (outline) and usage (fill), before and after, one group per service. */
function memoryChart(rows: ServiceRow[], label: (key: string) => string): string {
  const max = Math.max(1, ...rows.flatMap((r) => [r.limitBefore ?? 0, r.limitAfter ?? 0, r.usage ?? 0]));
  const W = 520;
  const rowH = 44;
  const x0 = 170;
  const scale = (b: number): number => (b / max) * W;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = 10 + i * rowH;
    const name = esc(label(r.service));
    parts.push(`<g class="service" data-service="${esc(r.service)}">`);
    parts.push(`<text x="0" y="${y + 17}" class="label">${name}</text>`);
    const bar = (limit: number | undefined, dy: number, cls: string, pct?: number): void => {
      if (limit !== undefined) parts.push(`<rect x="${x0}" y="${y + dy}" width="${scale(limit).toFixed(1)}" height="14" class="limit ${cls}"><title>${name} ${cls} limit ${size(limit)}</title></rect>`);
      if (r.usage !== undefined) {
        const risk = pct !== undefined && pct > 50 ? ' risk' : '';
        parts.push(`<rect x="${x0}" y="${y + dy + 3}" width="${scale(Math.min(r.usage, limit ?? r.usage)).toFixed(1)}" height="8" class="usage${risk}"><title>${name} usage ${size(r.usage)}</title></rect>`);
      }
      parts.push(`<text x="${x0 + W + 8}" y="${y + dy + 11}" class="value">${cls}: ${size(limit)}${pct !== undefined ? ` · ${pct}%` : ''}</text>`);
    };
    bar(r.limitBefore, 2, 'before', r.pctBefore);
    bar(r.limitAfter, 20, 'after', r.pctAfter);
    parts.push('</g>');
  });
  const h = 20 + rows.length * rowH;
  return `<svg id="memory-chart" role="img" aria-label="memory limit and usage per service" viewBox="0 0 ${x0 + W + 190} ${h}" width="100%">${parts.join('')}</svg>`;
}

/** Image sizes before/after, as bars (only measured sizes). */
function imageChart(rows: ServiceRow[], label: (key: string) => string): string {
  const imgs = rows.filter((r) => r.imageBefore !== undefined);
  if (!imgs.length) return '<p>No image sizes were measured in this run.</p>';
  const max = Math.max(...imgs.flatMap((r) => [r.imageBefore ?? 0, r.imageAfter ?? 0]));
  const W = 520;
  const parts = imgs.map((r, i) => {
    const y = 10 + i * 40;
    const w = (b: number): string => ((b / max) * W).toFixed(1);
    return (
      `<text x="0" y="${y + 14}" class="label">${esc(label(r.service))}</text>` +
      `<rect x="170" y="${y}" width="${w(r.imageBefore!)}" height="14" class="img-before"/><text x="${700}" y="${y + 12}" class="value">before ${size(r.imageBefore)}</text>` +
      (r.imageAfter !== undefined ? `<rect x="170" y="${y + 18}" width="${w(r.imageAfter)}" height="14" class="img-after"/><text x="700" y="${y + 30}" class="value">after ${size(r.imageAfter)}</text>` : '')
    );
  });
  return `<svg id="image-chart" role="img" aria-label="image sizes" viewBox="0 0 880 ${20 + imgs.length * 40}" width="100%">${parts.join('')}</svg>`;
}

/** One self-contained HTML page (inline CSS and SVG, no network assets). */
export function renderHtml(data: ReportData): string {
  const risky = data.services.filter((r) => r.bandBefore === 'oom-risk').length;
  const label = reportLabel(data);
  const rows = data.changes
    .map((c) => `<tr><td>${esc(c.service === undefined ? '-' : label(c.service))}</td><td>${esc(`${c.file}:${c.line}`)}</td><td>${esc(c.what)}</td><td>${esc(shown(c.before))} → ${esc(shown(c.after))}</td><td>${esc(c.reason)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>composeshift report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
.label,.value{font-size:12px;fill:#222}.limit{fill:none;stroke:#555}.limit.after{stroke:#1a7f37}
.legend{color:#555;font-size:12px}.usage{fill:#4a90d9}.usage.risk{fill:#d9534f}.img-before{fill:#999}.img-after{fill:#1a7f37}
</style></head><body>
<h1>composeshift report</h1>
<p>${plural(data.services.length, 'service')} · memory limits ${size(data.totals.before)} before, ${size(data.totals.after)} after · ${risky} above 50% of ${risky === 1 ? 'its' : 'their'} limit (OOM risk) before.</p>
<h2>Memory: limit vs usage per service</h2>
<p class="legend">Outline: limit (grey before, green after). Fill: measured usage (red above 50% of the limit).</p>
${memoryChart(data.services, label)}
<h2>Image sizes</h2>
${imageChart(data.services, label)}
<h2>Changes (${data.changes.length})</h2>
<table><thead><tr><th>Service</th><th>File</th><th>Change</th><th>Before → after</th><th>Reason</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>
`;
}
