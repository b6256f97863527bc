import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/model.js';
import { renderReport } from '../src/report/render-text.js';
import { renderHtml } from '../src/report/render-html.js';
import { planFiles, statsTable, tempProject } from './helpers/temp-project.js';

const CONFIG = 'policies:\n  - transform: memory-limits\n    when: { limit: 128M, usageAbove: 50% }\n    set: { limit: 192M }\n';

describe('report', () => {
  it('tiers, usage bands before/after, OOM risk and changes', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  a:\n    mem_limit: 128M\n  b:\n    mem_limit: 128M\n  c:\n    mem_limit: 256M\n  d:\n    image: d\n',
      'composeshift.config.yaml': CONFIG,
      'stats.txt': statsTable('p', { a: [70, 128], b: [45, 128], c: [60, 256] }),
    });
    const { plan } = await planFiles(dir, { usage: 'stats.txt', projectName: 'p' });
    const data = buildReport(plan.project, plan.facts, plan.changes, plan.findings);
    expect(data.tiers.before).toEqual([
      { limit: 128 * 1024 * 1024, count: 2, total: 256 * 1024 * 1024 },
      { limit: 256 * 1024 * 1024, count: 1, total: 256 * 1024 * 1024 },
      { limit: 'none', count: 1, total: 0 },
    ]);
    expect(data.totals).toEqual({ before: 512 * 1024 * 1024, after: 576 * 1024 * 1024 });
    expect(data.services.map((s) => [s.service, s.pctBefore, s.bandBefore, s.pctAfter, s.bandAfter])).toEqual([
      ['p/a', 54.7, 'oom-risk', 36.5, 'ok'],
      ['p/b', 35.2, 'ok', 35.2, 'ok'],
      ['p/c', 23.4, 'ok', 23.4, 'ok'],
      ['p/d', undefined, undefined, undefined, undefined],
    ]);
    const md = renderReport(data, 'md');
    expect(md).toContain('| 128M | 2 | 256M | 1 | 128M |');
    expect(md).toContain('| 192M | 0 | - | 1 | 192M |');
    expect(md).toContain('## Services above 50% (OOM risk): 1\n\n- a at 54.7% of 128M');
    expect(md).not.toContain('Image sizes'); // none measured: none shown
    const html = renderHtml(data);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.match(/class="label"/g)?.length).toBe(4);
  });
});
