import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeRange, replaceRange, type Edit } from '../../src/core/edit.js';
import { EditConflictError } from '../../src/core/errors.js';
import { sourceFromText, type SourceFile } from '../../src/core/source.js';
import { emptyFacts } from '../../src/facts/types.js';
import { runPasses } from '../../src/pipeline/passes.js';
import type { Project } from '../../src/project/model.js';
import type { Transform } from '../../src/transform/types.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const ROOT = '/r';
const FILE = path.join(ROOT, 'requirements.txt');

function project(text: string): Project {
  return { root: ROOT, files: new Map([[FILE, sourceFromText('requirements.txt', text, ROOT)]]), compose: [], services: [] };
}

/** A plain transform object whose edits are computed from the current text of requirements.txt. */
function fake(name: string, edits: (text: string) => Edit[]): Transform {
  return {
    meta: { name, description: name, reads: ['requirements'], edits: ['requirements'], options: {}, defaultPolicies: [{}] },
    // Written against both transform APIs (results returned, or reported through ctx.change).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    run: (ctx: any) => {
      const text = (ctx.project as Project).files.get(FILE)!.text;
      const list = edits(text);
      const changes = list.map((e) => ({ transform: name, file: 'requirements.txt', line: 1, what: name, before: text.slice(...e.range), after: e.text, reason: 'test', expect: [] }));
      if (typeof ctx.change !== 'function') return { edits: list, changes, findings: [] };
      for (const c of changes) ctx.change(c);
      return list;
    },
  } as unknown as Transform;
}

/** torch-cpu's shape: rewrite the version of the torch line. */
const rewriter = fake('rewriter', (t) => {
  const m = /^torch==([^\s]+)/m.exec(t);
  return m ? [replaceRange(FILE, m.index + 7, m.index + m[0].length, `${m[1]}+cpu`)] : [];
});
/** unused-deps' shape: remove the whole torch line. */
const remover = fake('remover', (t) => {
  const m = /^torch==[^\n]*\n/m.exec(t);
  return m ? [removeRange(FILE, m.index, m.index + m[0].length)] : [];
});

function passes(text: string, transforms: Transform[], maxPasses?: number) {
  const p = project(text);
  return runPasses(p, { facts: emptyFacts(), transforms, policies: undefined, reload: (files: Map<string, SourceFile>) => ({ ...p, files }), maxPasses });
}

describe('runPasses: conflicts between transforms are deferred, not fatal', () => {
  it('a removal beats a rewrite of the same line, whatever their order; the rewriter re-runs and finds nothing', () => {
    for (const order of [[rewriter, remover], [remover, rewriter]]) {
      const r = passes('numpy==1.26\ntorch==2.1\n', order);
      expect(r.files.map((f) => f.after)).toEqual(['numpy==1.26\n']);
      expect(r.passes).toBe(2);
      expect(r.changes.map((c) => c.transform)).toEqual(['remover']);
      expect(r.findings).toEqual([expect.objectContaining({ transform: 'rewriter', level: 'info', code: 'deferred', file: 'requirements.txt', line: 2 })]);
      expect(r.findings[0]!.message).toBe("rewriter's edit at requirements.txt:2 was deferred: remover removes the same text, so remover went first and rewriter ran again on the result (pass 2)");
    }
  });

  it('two rewrites of one value: the earlier transform wins, the later re-runs on its result', () => {
    const first = fake('first', (t) => (t.includes('a: 1') ? [replaceRange(FILE, t.indexOf('a: 1'), t.indexOf('a: 1') + 4, 'a: 2')] : []));
    const note = fake('note', (t) => {
      const m = /^a: \d$/m.exec(t);
      return m ? [replaceRange(FILE, m.index, m.index + m[0].length, `${m[0]} # checked`)] : [];
    });
    const r = passes('x: 0\na: 1\n', [first, note]);
    expect(r.files[0]!.after).toBe('x: 0\na: 2 # checked\n');
    expect(r.changes.map((c) => [c.transform, c.before, c.after])).toEqual([['first', 'a: 1', 'a: 2'], ['note', 'a: 2', 'a: 2 # checked']]);
  });

  it('edits of two transforms that do not overlap are applied in one pass', () => {
    const top = fake('top', () => [replaceRange(FILE, 0, 11, 'numpy==2.0')]);
    const r = passes('numpy==1.26\ntorch==2.1\n', [top, rewriter]);
    expect(r.passes).toBe(1);
    expect(r.files[0]!.after).toBe('numpy==2.0\ntorch==2.1+cpu\n');
  });

  it('a conflict left when the passes run out is file:line relative to the root, naming both transforms (no path, no byte offset)', () => {
    let err: unknown;
    try {
      passes('numpy==1.26\ntorch==2.1\n', [rewriter, remover], 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EditConflictError);
    expect((err as Error).message).toBe('requirements.txt:2: two edits change the same text (transforms remover and rewriter); nothing was written');
  });

  it('two overlapping edits of one transform are an error at file:line', () => {
    const twice = fake('twice', () => [replaceRange(FILE, 0, 4, 'a'), replaceRange(FILE, 2, 6, 'b')]);
    expect(() => passes('numpy==1.26\n', [twice])).toThrow(/^requirements\.txt:1: two edits change the same text \(transform twice \(twice\)\)/);
  });
});

describe('the default run (every transform) on a service that declares torch but imports nothing of it', () => {
  const files = {
    'compose.yaml': 'services:\n  api:\n    build: ./api\n',
    'api/Dockerfile': 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY main.py .\nCMD ["python", "main.py"]\n',
    'api/requirements.txt': 'requests==2.31.0\ntorch==2.1.0\n',
    'api/main.py': 'import requests\nprint(requests.get)\n',
  };

  it('on 1d94d06 this crashed with "edits overlap at [17,30) and [22,29)"; now unused-deps removes torch, torch-cpu is deferred and finds none', async () => {
    const dir = tempProject(files);
    const { plan, out } = await planFiles(dir);
    expect(out).toEqual({ 'api/requirements.txt': 'requests==2.31.0\n' });
    expect(plan.findings).toContainEqual(expect.objectContaining({ transform: 'torch-cpu', code: 'deferred', file: 'api/requirements.txt', line: 2 }));
    // The diff is what one pass over the result gives, and a second run has none.
    writeFileSync(path.join(dir, 'api/requirements.txt'), out['api/requirements.txt']!);
    const again = await planFiles(dir);
    expect(again.out).toEqual({});
    expect(readFileSync(path.join(dir, 'api/requirements.txt'), 'utf8')).toBe('requests==2.31.0\n');
  });

  it('plan --recursive over test/fixtures/e2e (its torch fixture crashed on 1d94d06) plans without a conflict', async () => {
    const root = path.resolve('test/fixtures/e2e');
    const { out, plan } = await planFiles(root, { recursive: true });
    expect(out['torch/app/requirements.txt']).toBe('');
    expect(plan.findings.filter((f) => f.code === 'deferred').map((f) => `${f.transform} ${f.file}:${f.line}`)).toEqual(['torch-cpu torch/app/requirements.txt:1']);
  });
});
