import { describe, expect, it } from 'vitest';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

// Red-team class: a bare number for a percent. `target: { usage: 0.4 }` was read as 0.4% (not 40%): a service
// using 100M of its 128M got a 25024m (24.4 GiB) limit, exit 0. A number of at most 1 without `%` is
// ambiguous and refused at its file:line:col; `40%`, `0.4%` and numbers above 1 (`40` = 40%) still work.

const COMPOSE = 'services:\n  a:\n    image: busybox\n    mem_limit: 128m\n';

async function run(target: string): Promise<{ error?: string; out?: Record<string, string> }> {
  const dir = tempProject({ 'compose.yaml': COMPOSE, 'stats.txt': statsTable('rt', { a: [100, 128] }), 'composeshift.config.yaml': `policies:\n  - transform: memory-limits\n    target: { usage: ${target}, step: 64M }\n` });
  try {
    return { out: (await planFiles(dir, { usage: 'stats.txt', projectName: 'rt' })).out };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('percent options: a bare number of at most 1 is ambiguous', () => {
  it('usage: 0.4 → refused, naming both readings (was a 24 GiB limit)', async () => {
    expect(await run('0.4')).toEqual({ error: 'target.usage: 0.4 is ambiguous (40% or 0.4%?): write the % sign, e.g. 40%' });
  });

  it.each([['40%'], ['40']])('usage: %s → 40%: 128m becomes 256m', async (target) => {
    expect((await run(target)).out).toEqual({ 'compose.yaml': COMPOSE.replace('128m', '256m') });
  });
});
