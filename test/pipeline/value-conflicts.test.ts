import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { replaceRange, type Edit } from '../../src/core/edit.js';
import type { Expectation } from '../../src/core/finding.js';
import { sourceFromText, type SourceFile } from '../../src/core/source.js';
import { emptyFacts } from '../../src/facts/types.js';
import { runPasses } from '../../src/pipeline/passes.js';
import { verify } from '../../src/pipeline/verify.js';
import type { Project } from '../../src/project/model.js';
import type { Transform } from '../../src/transform/types.js';
import { memoryIO } from '../helpers/memory-io.js';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

const COMPOSE = 'services:\n  api:\n    image: api:1\n    mem_limit: 128M\n';
const CONFIG = (fieldValue: string) =>
  `policies:\n  - transform: memory-limits\n    when: { limit: 128M, usageAbove: 50% }\n    set: { limit: 192M }\n  - transform: compose-fields\n    set: { mem_limit: ${fieldValue} }\n`;

function builtins(fieldValue: string): string {
  return tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': CONFIG(fieldValue), 'stats.txt': statsTable('p', { api: [100, 128] }) });
}

describe('two transforms writing one scalar in successive passes (memory-limits, then compose-fields)', () => {
  it('disagreeing (192M, then 256M) is one value-conflict error naming both transforms and values, not a stale read-back', async () => {
    const { plan } = await planFiles(builtins('256M'), { projectName: 'p', usage: 'stats.txt' });
    expect(plan.passes).toBe(2);
    expect(plan.findings.filter((f) => f.level === 'error')).toEqual([
      {
        transform: 'compose-fields',
        level: 'error',
        code: 'value-conflict',
        service: 'p/api',
        file: 'compose.yaml',
        line: 4,
        message: 'services.api.mem_limit: memory-limits (pass 1) sets it to "192M" and compose-fields (pass 2) sets it to "256M"; two transforms disagree on one value, so nothing is written: narrow one of their policies (services:, when:) or drop one',
      },
    ]);
  });

  it('the CLI: exit 2, that one error, nothing written (on 07d61e0: exit 2 "reads back \\"256M\\", expected \\"192M\\"")', async () => {
    const dir = builtins('256M');
    const m = memoryIO(dir);
    expect(await run(['apply', '-p', 'p', '--usage', 'stats.txt'], m.io)).toBe(2);
    expect(m.out()).toBe('');
    expect(m.err()).toBe(
      'composeshift: compose.yaml:4: error: services.api.mem_limit: memory-limits (pass 1) sets it to "192M" and compose-fields (pass 2) sets it to "256M"; two transforms disagree on one value, so nothing is written: narrow one of their policies (services:, when:) or drop one (compose-fields, p/api)\n' +
        'composeshift: 1 error; nothing was written\n',
    );
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('agreeing (both 192M) is written once; the deferred transform finds the value already set', async () => {
    const { plan, out } = await planFiles(builtins('192M'), { projectName: 'p', usage: 'stats.txt' });
    expect(out).toEqual({ 'compose.yaml': 'services:\n  api:\n    image: api:1\n    mem_limit: 192M\n' });
    expect(plan.findings.filter((f) => f.level !== 'info')).toEqual([]);
    expect(plan.changes.map((c) => c.transform)).toEqual(['memory-limits']);
  });
});

// Fake transforms on one YAML file, run through the real passes and verify.
const ROOT = '/r';
const FILE = path.join(ROOT, 'compose.yaml');

function fake(name: string, plan: (text: string) => { edits: Edit[]; expect: Omit<Expectation, 'file'>[] }): Transform {
  return {
    meta: { name, description: name, reads: ['compose'], edits: ['compose'], options: {}, defaultPolicies: [{}] },
    run: (ctx) => {
      const text = ctx.project.files.get(FILE)!.text;
      const { edits, expect } = plan(text);
      if (!edits.length) return;
      ctx.change({ value: { kind: 'other' }, file: 'compose.yaml', line: 3, what: name, before: '', after: '', reason: 'test', expect: expect.map((e) => ({ ...e, file: FILE }) as Expectation) });
      return edits;
    },
  } as Transform;
}

/** Replace the first `find` of the text; nothing when it is not there. */
const swap = (text: string, find: string | RegExp, by: (m: string) => string): Edit[] => {
  const m = typeof find === 'string' ? (text.includes(find) ? { index: text.indexOf(find), 0: find } : null) : find.exec(text);
  return m ? [replaceRange(FILE, m.index, m.index + m[0].length, by(m[0]))] : [];
};

function passes(text: string, transforms: Transform[]) {
  const p: Project = { root: ROOT, files: new Map([[FILE, sourceFromText('compose.yaml', text, ROOT)]]), compose: [], services: [] };
  const r = runPasses(p, { facts: emptyFacts(), transforms, policies: undefined, reload: (files: Map<string, SourceFile>) => ({ ...p, files }) });
  const structural = verify(r.files, r.changes, { readBack: r.readBack, edits: r.edits });
  return { ...r, errors: [...r.findings, ...structural].filter((f) => f.level === 'error').map((f) => `${f.code}: ${f.message}`) };
}

const LOGGING = 'services:\n  api:\n    logging: {driver: json-file}\n';
/** Sets the whole logging mapping (one mapping expectation). */
const driver = fake('driver', (t) => ({ edits: swap(t, '{driver: json-file}', () => '{driver: local}'), expect: [{ kind: 'yaml', path: ['services', 'api', 'logging'], value: { driver: 'local' } }] }));

describe('expectations across passes: a later write of the same value supersedes, a different one conflicts', () => {
  it('a later pass adding a key under an earlier mapping: the earlier mapping is read back with that key (no stale failure)', () => {
    const options = fake('options', (t) => ({ edits: swap(t, /\{driver: [a-z-]+\}/, (m) => `${m.slice(0, -1)}, options: {max-size: 10m}}`), expect: [{ kind: 'yaml', path: ['services', 'api', 'logging', 'options', 'max-size'], value: '10m' }] }));
    const r = passes(LOGGING, [driver, options]);
    expect(r.passes).toBe(2);
    expect(r.files.map((f) => f.after)).toEqual(['services:\n  api:\n    logging: {driver: local, options: {max-size: 10m}}\n']);
    expect(r.errors).toEqual([]);
  });

  it('a later pass changing a key the earlier mapping set is a value-conflict naming both', () => {
    const syslog = fake('syslog', (t) => ({ edits: swap(t, /\{driver: [a-z-]+\}/, () => '{driver: syslog}'), expect: [{ kind: 'yaml', path: ['services', 'api', 'logging', 'driver'], value: 'syslog' }] }));
    expect(passes(LOGGING, [driver, syslog]).errors).toEqual([
      'value-conflict: services.api.logging.driver: driver (pass 1) sets services.api.logging to {"driver":"local"} and syslog (pass 2) sets it to "syslog"; two transforms disagree on one value, so nothing is written: narrow one of their policies (services:, when:) or drop one',
    ]);
  });

  it('one pass, edits apart: an anchor edited for both services while another transform overrides one of them', () => {
    const text = 'x-mem: &m 128M\nservices:\n  a:\n    mem_limit: *m\n  b:\n    mem_limit: *m\n';
    const anchor = fake('anchor', (t) => ({ edits: swap(t, '&m 128M', () => '&m 192M'), expect: ['a', 'b'].map((s) => ({ kind: 'yaml', path: ['services', s, 'mem_limit'], value: '192M' })) }));
    const own = fake('own', (t) => ({ edits: swap(t, '  a:\n    mem_limit: *m', () => '  a:\n    mem_limit: 256M'), expect: [{ kind: 'yaml', path: ['services', 'a', 'mem_limit'], value: '256M' }] }));
    const r = passes(text, [anchor, own]);
    expect(r.passes).toBe(1);
    expect(r.errors).toEqual(['value-conflict: services.a.mem_limit: anchor sets it to "192M" and own sets it to "256M"; two transforms disagree on one value, so nothing is written: narrow one of their policies (services:, when:) or drop one']);
  });
});

describe('requirements: a later pass that brings back what an earlier one removed', () => {
  const REQ = path.join(ROOT, 'requirements.txt');
  const reqFake = (name: string, plan: (text: string) => { edits: Edit[]; expect: Omit<Expectation, 'file'>[] }): Transform => ({
    meta: { name, description: name, reads: ['requirements'], edits: ['requirements'], options: {}, defaultPolicies: [{}] },
    run: (ctx) => {
      const { edits, expect } = plan(ctx.project.files.get(REQ)!.text);
      if (!edits.length) return;
      ctx.change({ value: { kind: 'other' }, file: 'requirements.txt', line: 2, what: name, before: '', after: '', reason: 'test', expect: expect.map((e) => ({ ...e, file: REQ }) as Expectation) });
      return edits;
    },
  }) as Transform;

  it('unused-deps-like removal, then a re-added line: value-conflict, not "torch is still required"', () => {
    const remover = reqFake('remover', (t) => {
      const at = t.indexOf('torch==2.1\n');
      return { edits: at < 0 ? [] : [replaceRange(REQ, at, at + 11, '')], expect: [{ kind: 'requirement', name: 'torch', present: false }] };
    });
    // Rewrites the pin when there is one (and so is deferred behind the removal), else adds a pinned line.
    const pinner = reqFake('pinner', (t) => {
      const at = t.indexOf('torch==2.1\n');
      const edits = at < 0 ? [replaceRange(REQ, t.length, t.length, 'torch==2.1+cpu\n')] : [replaceRange(REQ, at + 7, at + 10, '2.1+cpu')];
      return { edits, expect: [{ kind: 'requirement', name: 'torch', present: true, specifier: '==2.1+cpu' }] };
    });
    const p: Project = { root: ROOT, files: new Map([[REQ, sourceFromText('requirements.txt', 'numpy==1.26\ntorch==2.1\n', ROOT)]]), compose: [], services: [] };
    const r = runPasses(p, { facts: emptyFacts(), transforms: [pinner, remover], policies: undefined, reload: (files: Map<string, SourceFile>) => ({ ...p, files }) });
    expect(r.files.map((f) => f.after)).toEqual(['numpy==1.26\ntorch==2.1+cpu\n']);
    expect(() => verify(r.files, r.changes, { readBack: r.readBack })).not.toThrow();
    expect(r.findings.filter((f) => f.level === 'error').map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([
      'requirements.txt:2: torch: remover (pass 1) removes it and pinner (pass 2) requires it (==2.1+cpu); two transforms disagree on one value, so nothing is written: narrow one of their policies (services:, when:) or drop one',
    ]);
  });
});
