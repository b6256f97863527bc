import { describe, expect, it } from 'vitest';
import { parseInterpolation } from '../../src/compose/interpolation.js';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

// Red-team class: `${MEM:?set MEM}` (compose's required form) was "interpolated in a form composeshift does
// not resolve": the value .env sets was never seen, so the warning could not say that the engine enforces it or
// where to change it. It now resolves like `${MEM}`; `$MEM` and nested forms stay unresolved (never edited).

describe('interpolation forms', () => {
  it('parses ${VAR:?msg} and ${VAR?msg} as a variable without default; $VAR and nested forms are not one variable', () => {
    expect(parseInterpolation('$MEM')).toBeUndefined();
    expect(parseInterpolation('${MEM:?set MEM}')).toEqual({ name: 'MEM' });
    expect(parseInterpolation('${MEM?required}')).toEqual({ name: 'MEM' });
    expect(parseInterpolation('${A:-${B:-128m}}')).toBeUndefined();
    expect(parseInterpolation('$$MEM')).toBeUndefined();
  });

  for (const value of ['${MEM:?set MEM}', '${MEM?set MEM}']) {
    it(`${value} with MEM=128m in .env: decisions use 128m, the warning says to set MEM there; nothing edited`, async () => {
      const dir = tempProject({ 'compose.yaml': `services:\n  a:\n    image: busybox\n    mem_limit: ${value}\n`, '.env': 'MEM=128m\n', 'stats.txt': statsTable('rt', { a: [100, 128] }) });
      const { plan, out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'rt', transforms: ['memory-limits'], environment: {} });
      expect(out).toEqual({});
      expect(plan.findings.find((f) => f.code === 'var-override')?.message).toBe(
        'a: the engine enforces 128M from MEM=128m in .env:1, not the value written in compose.yaml:4; usage 100M = 78% of 128M; target 40% in 64M steps: set MEM=256m in .env:1 (editing the file would change nothing); not changed',
      );
    });
  }
});
