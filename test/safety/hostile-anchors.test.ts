import { describe, expect, it } from 'vitest';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

// Red-team class: an anchor written INSIDE a service (`a: &base`, `deploy: &d`, `mem_limit: &m 128m`) and used
// by another service through an alias or merge key. The value was taken as a's own: raising a rewrote the
// anchor and silently raised b too (b at 8% of its limit, no row for b in the summary). Now such a value is
// shared like an x- anchor: edited once when every user gets the same value, else the service is reported
// (`anchor-shared`) and nothing is written inside the anchor.

const FILES: Record<string, string> = {
  scalar: 'services:\n  a:\n    image: busybox\n    mem_limit: &m 128m\n  b:\n    image: busybox\n    mem_limit: *m\n',
  mapping: 'services:\n  a:\n    image: busybox\n    deploy: &d\n      resources:\n        limits:\n          memory: 128M\n  b:\n    image: busybox\n    deploy: *d\n',
  service: 'services:\n  a: &base\n    image: busybox\n    mem_limit: 128m\n  b:\n    <<: *base\n',
};

describe('hostile anchors: an anchor inside one service, used by another', () => {
  for (const [shape, compose] of Object.entries(FILES)) {
    it(`${shape}: a must grow, b keeps its value → a is reported, nothing written (was: the anchor edited, b raised silently)`, async () => {
      const dir = tempProject({ 'compose.yaml': compose, 'stats.txt': statsTable('rt', { a: [100, 128], b: [10, 128] }) });
      const { plan, out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'rt', transforms: ['memory-limits'] });
      expect(out).toEqual({});
      const warn = plan.findings.find((f) => f.code === 'anchor-shared');
      expect(warn?.service).toBe('rt/a');
      expect(warn?.message).toMatch(/^a: its memory limit would be written inside anchor &(m|d|base), which (b|another service) also uses and keeps: not changed/);
    });

    it(`${shape}: both need the same value → the anchor is edited once, a change for each service`, async () => {
      const dir = tempProject({ 'compose.yaml': compose, 'stats.txt': statsTable('rt', { a: [100, 128], b: [100, 128] }) });
      const { plan, out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'rt', transforms: ['memory-limits'] });
      expect(out['compose.yaml']).toBe(compose.replace(/128([mM])/, '256$1'));
      expect(plan.changes.map((c) => c.service).sort()).toEqual(['rt/a', 'rt/b']);
    });
  }

  it('b alone must grow: b gets its own value, the anchor inside a is untouched', async () => {
    const dir = tempProject({ 'compose.yaml': FILES.service!, 'stats.txt': statsTable('rt', { a: [10, 128], b: [100, 128] }) });
    const { out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'rt', transforms: ['memory-limits'] });
    expect(out['compose.yaml']).toBe('services:\n  a: &base\n    image: busybox\n    mem_limit: 128m\n  b:\n    <<: *base\n    mem_limit: 256m\n');
  });
});
