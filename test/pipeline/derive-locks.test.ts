import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeRange, replaceRange } from '../../src/core/edit.js';
import { sourceFromText, type SourceFile } from '../../src/core/source.js';
import { emptyFacts } from '../../src/facts/types.js';
import { runPasses } from '../../src/pipeline/passes.js';
import { runTransforms } from '../../src/pipeline/run-transforms.js';
import { loadProject } from '../../src/project/load.js';
import type { Project } from '../../src/project/model.js';
import type { Transform, TransformContext } from '../../src/transform/types.js';
import { registry } from '../../transforms/index.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// The derive stage (src/pipeline/derive-locks.ts): a transform asks for a lock with ctx.derive; the stage brings the
// lock along or drops that transform's edits of the manifest. Fake transforms here, the real unused-deps below.

const PKG = '{\n  "version": "1.0.0",\n  "dependencies": {\n    "x": "1",\n    "y": "2"\n  }\n}\n';
const AFTER_REMOVE = '{\n  "version": "1.0.0",\n  "dependencies": {\n    "y": "2"\n  }\n}\n';
const AFTER_BUMP = '{\n  "version": "1.0.1",\n  "dependencies": {\n    "x": "1",\n    "y": "2"\n  }\n}\n';

function fake(name: string, run: (ctx: TransformContext, file: SourceFile) => void): Transform {
  return {
    meta: { name, description: name, reads: ['package-json'], edits: ['package-json'], options: {}, defaultPolicies: [{}] },
    run: (ctx) => run(ctx, [...ctx.project.files.values()].find((f) => f.rel === 'package.json')!),
  };
}

/** unused-deps' shape: remove `"x": "1",` and ask for the lock. */
const remover = fake('remover', (ctx, f) => {
  const at = f.text.indexOf('\n    "x": "1",');
  if (at < 0) return;
  ctx.edit(removeRange(f.path, at, at + '\n    "x": "1",'.length));
  ctx.change({ file: f.rel, line: 4, what: 'remove x', value: { kind: 'requirement-removed', package: 'x', ecosystem: 'node' }, before: '"x": "1"', after: '(removed)', reason: 'unused: test', expect: [] });
  ctx.derive({ kind: 'lock-sync', manifest: f.path, packages: ['x'], services: ['web'] });
});
/** Another transform editing the same manifest elsewhere, asking for nothing. */
const bumper = fake('bumper', (ctx, f) => {
  const at = f.text.indexOf('1.0.0');
  ctx.edit(replaceRange(f.path, at, at + 5, '1.0.1'));
  ctx.change({ file: f.rel, line: 2, what: 'bump', value: { kind: 'other' }, before: '1.0.0', after: '1.0.1', reason: 'test', expect: [] });
});

function passes(files: Record<string, string>, transforms: Transform[]) {
  const dir = tempProject(files);
  const abs = path.join(dir, 'package.json');
  const p: Project = { root: dir, files: new Map([[abs, sourceFromText('package.json', files['package.json']!, dir)]]), compose: [], services: [] };
  const r = runPasses(p, { facts: emptyFacts(), transforms, policies: undefined, reload: (m: Map<string, SourceFile>) => ({ ...p, files: m }) });
  return { r, p, out: Object.fromEntries(r.files.map((f) => [f.source.rel, f.after])) };
}

describe('derive stage: a lock follows the removal, or the removal is not made', () => {
  it('the request is stamped with the transform that made it, beside its edits (runTransforms runs no tool)', () => {
    const dir = tempProject({ 'package.json': PKG, 'yarn.lock': '' });
    const abs = path.join(dir, 'package.json');
    const p: Project = { root: dir, files: new Map([[abs, sourceFromText('package.json', PKG, dir)]]), compose: [], services: [] };
    const r = runTransforms(p, emptyFacts(), [remover], undefined);
    expect(r.requests).toEqual([{ kind: 'lock-sync', transform: 'remover', manifest: abs, packages: ['x'], services: ['web'] }]);
    expect(r.edits.map((e) => [e.transform, path.basename(e.file)])).toEqual([['remover', 'package.json']]);
    expect(r.findings).toEqual([]);
  });

  it('no lock beside the manifest: nothing to derive, the removal stands', () => {
    const { r, out } = passes({ 'package.json': PKG }, [remover]);
    expect(out).toEqual({ 'package.json': AFTER_REMOVE });
    expect(r.changes.map((c) => `${c.transform} ${c.what} | ${c.reason}`)).toEqual(['remover remove x | unused: test']);
    expect(r.findings).toEqual([]);
  });

  it('a lock that cannot follow (yarn.lock, no yarn here): the requester\'s edits and changes of the manifest are dropped, another transform\'s stay', () => {
    const { r, out } = passes({ 'package.json': PKG, 'yarn.lock': '' }, [remover, bumper]);
    expect(out).toEqual({ 'package.json': AFTER_BUMP });
    expect(r.edits.map((e) => e.transform)).toEqual(['bumper']);
    expect(r.changes.map((c) => `${c.transform} ${c.what}`)).toEqual(['bumper bump']);
    expect(r.findings).toEqual([
      {
        transform: 'remover',
        level: 'warn',
        code: 'dep-lock-sync-failed',
        message: 'package.json: not removing x: yarn.lock would be left out of sync: yarn is not installed here to update it offline',
        file: 'package.json',
        evidence: 'yarn.lock would be left out of sync: yarn is not installed here to update it offline',
      },
    ]);
  });

  it('a binary bun.lockb is refused by name, never read', () => {
    const { r, out, p } = passes({ 'package.json': PKG, 'bun.lockb': '\u0000\u00ff\u0001bun' }, [remover]);
    expect(out).toEqual({});
    expect(r.findings.map((f) => f.message)).toEqual(['package.json: not removing x: bun.lockb would be left out of sync: bun is not installed here to update it offline']);
    expect([...p.files.values()].map((f) => f.rel)).toEqual(['package.json']);
  });
});

describe('unused-deps runs no package manager: with npm off the PATH the transform still plans; the derive stage refuses', () => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    build: .\n',
    'Dockerfile': 'FROM node:20-alpine\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY index.js ./\nCMD ["node", "index.js"]\n',
    'index.js': "require('y');\n",
    'package.json': PKG,
    'package-lock.json': '{\n  "name": "web",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "dependencies": {\n        "x": "1",\n        "y": "2"\n      }\n    },\n    "node_modules/x": {\n      "version": "1.0.0"\n    },\n    "node_modules/y": {\n      "version": "2.0.0"\n    }\n  }\n}\n',
  };
  const withoutPath = async <T>(fn: () => Promise<T> | T): Promise<T> => {
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      return await fn();
    } finally {
      process.env.PATH = saved;
    }
  };

  it('the transform alone: the package.json edit, its removal change (no lock note yet) and one lock-sync request; no finding', async () => {
    const dir = tempProject(files);
    const project = loadProject({ root: dir });
    const r = await withoutPath(() => runTransforms(project, emptyFacts(), [registry.get('unused-deps')!], undefined));
    expect(r.findings.map((f) => f.code).filter((c) => c !== 'dep-unused')).toEqual([]);
    expect(r.requests).toEqual([{ kind: 'lock-sync', transform: 'unused-deps', manifest: path.join(dir, 'package.json'), packages: ['x'], services: [project.services[0]!.key] }]);
    expect([...new Set(r.edits.map((e) => path.relative(dir, e.file)))]).toEqual(['package.json']);
    expect(r.changes.map((c) => `${c.file}:${c.line} ${c.what} | ${c.reason}`)).toEqual(['package.json:4 remove x | unused: not imported by any of 1 JS/TS file copied into the image (index.js); no script or command runs it']);
  });

  it('the whole run: npm missing means the lock cannot follow, so package.json is left as it is and the finding names the command', async () => {
    const dir = tempProject(files);
    const { out, plan } = await withoutPath(() => planFiles(dir, { transforms: ['unused-deps'] }));
    expect(out).toEqual({});
    expect(plan.changes).toEqual([]);
    const f = plan.findings.filter((x) => x.code === 'dep-lock-sync-failed');
    expect(f.map((x) => [x.transform, x.file])).toEqual([['unused-deps', 'package.json']]);
    expect(f[0]!.message.startsWith('package.json: not removing x: `npm install --package-lock-only --offline --ignore-scripts --no-audit --no-fund` failed: ')).toBe(true);
  });
});
