import { describe, expect, it } from 'vitest';
import { registry } from '../../transforms/index.js';
import { emptyFacts } from '../../src/facts/types.js';
import { applyAll } from '../../src/pipeline/apply-edits.js';
import { runTransforms } from '../../src/pipeline/run-transforms.js';
import { loadProject } from '../../src/project/load.js';
import { tempProject } from '../helpers/temp-project.js';

const MiB = 1024 * 1024;

describe('memory-limits: OOM-killed services', () => {
  it('are raised to max(limit + 100 MiB, limit × 1.2) whatever their sampled usage, with a finding', () => {
    const dir = tempProject({ 'compose.yaml': 'name: p\nservices:\n  a:\n    mem_limit: 16M\n  b:\n    mem_limit: 1G\n' });
    const project = loadProject({ root: dir });
    const facts = emptyFacts();
    facts.usage.set('p/a', { service: 'p/a', container: 'p-a-1', usageBytes: 2 * MiB, source: 'docker inspect', oomKilled: true, restartCount: 0 });
    facts.usage.set('p/b', { service: 'p/b', container: 'p-b-1', usageBytes: 5 * MiB, source: 'docker inspect', oomKilled: true, restartCount: 3 });
    const r = runTransforms(project, facts, [registry.get('memory-limits')!], undefined);
    const [file] = applyAll(project.files, r.edits);
    // 16M + 100M = 116M > 16M × 1.2; 1G × 1.2 = 1228.8M → 1229M > 1G + 100M
    expect(file!.after).toBe('name: p\nservices:\n  a:\n    mem_limit: 116M\n  b:\n    mem_limit: 1229M\n');
    expect(r.findings.filter((f) => f.code === 'oom-killed').map((f) => f.service)).toEqual(['p/a', 'p/b']);
  });
});

describe('memory-limits: OOM raise is idempotent', () => {
  it('the floor counts from the limit the container was killed at: a second run on the same facts changes nothing', async () => {
    const { writeAll } = await import('../../src/pipeline/write-files.js');
    const dir = tempProject({ 'compose.yaml': 'name: p\nservices:\n  a:\n    mem_limit: 16M\n' });
    const facts = emptyFacts();
    facts.usage.set('p/a', { service: 'p/a', container: 'p-a-1', usageBytes: 16 * MiB, limitBytes: 16 * MiB, source: 'docker inspect', oomKilled: true, restartCount: 1 });
    const once = (): string | undefined => {
      const project = loadProject({ root: dir });
      const r = runTransforms(project, facts, [registry.get('memory-limits')!], undefined);
      const files = applyAll(project.files, r.edits);
      writeAll(files);
      return files[0]?.after;
    };
    expect(once()).toBe('name: p\nservices:\n  a:\n    mem_limit: 116M\n');
    expect(once()).toBeUndefined();
  });
});
