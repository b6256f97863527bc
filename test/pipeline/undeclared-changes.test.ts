import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { VerifyError } from '../../src/core/errors.js';
import { memoryIO } from '../helpers/memory-io.js';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

/**
 * A deliberately wrong transform, scripted by its policy: each step replaces `find` with `replace` in `file`
 * and declares a change with the expectations it is told (paths, values; `file` filled in). It stands for a
 * buggy built-in or plugin: the edits and the declarations are whatever the case says.
 */
const FAKE = `export default {
  meta: {
    name: 'fake-edit',
    description: 'test: edits as told, declares what it is told',
    reads: ['compose', 'requirements', 'package-json'],
    edits: ['compose', 'requirements', 'package-json'],
    options: { steps: { type: 'any', description: 'edits' } },
    defaultPolicies: [],
  },
  run(ctx) {
    for (const step of ctx.options.steps) {
      const src = [...ctx.project.files.values()].find((f) => f.rel === step.file);
      const at = src.text.indexOf(step.find);
      if (at < 0) throw new Error('not found: ' + step.find);
      ctx.edit({ file: src.path, range: [at, at + step.find.length], text: step.replace });
      ctx.change({ value: step.value ?? { kind: 'other' }, service: 'p/api', file: src.rel, line: 1, what: 'fake', before: step.find, after: step.replace, reason: 'test', expect: (step.expect ?? []).map((e) => ({ file: src.path, ...e })) });
    }
  },
};
`;

type Step = { file: string; find: string; replace: string; expect?: Record<string, unknown>[]; value?: Record<string, unknown> };

function project(files: Record<string, string>, steps: Step[]): string {
  const config = `policies:\n  - transform: ./fake.js\n    steps: ${JSON.stringify(steps)}\n`;
  return tempProject({ ...files, 'fake.js': FAKE, 'composeshift.config.yaml': config });
}

async function errorsOf(files: Record<string, string>, steps: Step[]): Promise<string[]> {
  const { plan } = await planFiles(project(files, steps), { projectName: 'p' });
  return plan.findings.filter((f) => f.level === 'error').map((f) => `${f.file}:${f.line}:${f.column}: ${f.code}: ${f.message} (${f.transform})`);
}

const COMPOSE = 'services:\n  api:\n    image: api:1\n    mem_limit: 128M\n';
const NOTHING = 'every value a transform changes must be an expectation of one of its changes; nothing is written';

describe('verify: every structural difference of a compose file must be declared', () => {
  it('a transform that deletes a neighbour key is refused at the key (file:line:col)', async () => {
    const steps = [{ file: 'compose.yaml', find: '    image: api:1\n', replace: '    restart: always\n', expect: [{ kind: 'yaml', path: ['services', 'api', 'restart'], value: 'always' }] }];
    expect(await errorsOf({ 'compose.yaml': COMPOSE }, steps)).toEqual([
      `compose.yaml:3:5: undeclared-change: services.api.image ("api:1") is removed, but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });

  it('a value changed behind an alias, declared for one of the two services that merge it, is refused for the other', async () => {
    const compose = 'x-common: &common\n  mem_limit: 128M\nservices:\n  a:\n    <<: *common\n    image: a\n  b:\n    <<: *common\n    image: b\n';
    const steps = [{ file: 'compose.yaml', find: 'mem_limit: 128M', replace: 'mem_limit: 192M', expect: [{ kind: 'yaml', path: ['services', 'a', 'mem_limit'], value: '192M' }] }];
    expect(await errorsOf({ 'compose.yaml': compose }, steps)).toEqual([
      `compose.yaml:2:14: undeclared-change: services.b.mem_limit changes from "128M" to "192M" (through an alias or merge key), but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
    // Declared for both: the anchor's own definition (x-common, which compose ignores) is the edit that made both.
    const both = [{ ...steps[0]!, expect: ['a', 'b'].map((s) => ({ kind: 'yaml', path: ['services', s, 'mem_limit'], value: '192M' })) }];
    expect(await errorsOf({ 'compose.yaml': compose }, both)).toEqual([]);
  });

  it('a plain alias (`mem_limit: *m`) edited at its anchor: the same rule', async () => {
    const compose = 'x-mem: &m 128M\nservices:\n  a:\n    mem_limit: *m\n  b:\n    mem_limit: *m\n';
    const steps = [{ file: 'compose.yaml', find: '&m 128M', replace: '&m 192M', expect: [{ kind: 'yaml', path: ['services', 'a', 'mem_limit'], value: '192M' }] }];
    expect(await errorsOf({ 'compose.yaml': compose }, steps)).toEqual([
      `compose.yaml:1:11: undeclared-change: services.b.mem_limit changes from "128M" to "192M" (through an alias or merge key), but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });

  it('an edit with no expectation at all is refused: a plugin must declare what it changes', async () => {
    const steps = [{ file: 'compose.yaml', find: '    mem_limit: 128M\n', replace: '    mem_limit: 128M\n    init: true\n' }];
    expect(await errorsOf({ 'compose.yaml': COMPOSE }, steps)).toEqual([
      `compose.yaml:2:3: undeclared-change: services.api.init is added (true), but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });

  it('an edit that changes no value (a comment) needs no expectation', async () => {
    const steps = [{ file: 'compose.yaml', find: '    mem_limit: 128M\n', replace: '    mem_limit: 128M  # reviewed\n' }];
    const { plan, out } = await planFiles(project({ 'compose.yaml': COMPOSE }, steps), { projectName: 'p' });
    expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(out['compose.yaml']).toBe('services:\n  api:\n    image: api:1\n    mem_limit: 128M  # reviewed\n');
  });

  it('a new mapping created to hold a declared key, and a null key filled with a mapping, are covered by that key', async () => {
    const compose = 'services:\n  api:\n    image: api:1\n    logging:\n';
    const steps = [
      { file: 'compose.yaml', find: '    image: api:1\n', replace: '    image: api:1\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n', expect: [{ kind: 'yaml', path: ['services', 'api', 'deploy', 'resources', 'limits', 'cpus'], value: '0.5' }] },
      { file: 'compose.yaml', find: '    logging:\n', replace: '    logging:\n      driver: local\n', expect: [{ kind: 'yaml', path: ['services', 'api', 'logging', 'driver'], value: 'local' }] },
    ];
    expect(await errorsOf({ 'compose.yaml': compose }, steps)).toEqual([]);
    // The same mapping with one key too many is refused at the service's key (where the addition was made).
    const extra = [{ ...steps[0]!, replace: steps[0]!.replace + '        reservations: {cpus: "0.25"}\n' }];
    expect(await errorsOf({ 'compose.yaml': compose }, extra)).toEqual([
      `compose.yaml:2:3: undeclared-change: services.api.deploy.resources.reservations.cpus is added ("0.25"), but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });

  it('a list replaced whole is covered by the list path; an item changed in another list is not', async () => {
    const compose = 'services:\n  api:\n    image: api:1\n    cap_drop: [NET_RAW]\n    ports: ["80:80", "443:443"]\n';
    const ok = [{ file: 'compose.yaml', find: '[NET_RAW]', replace: '[ALL]', expect: [{ kind: 'yaml', path: ['services', 'api', 'cap_drop'], value: ['ALL'] }] }];
    expect(await errorsOf({ 'compose.yaml': compose }, ok)).toEqual([]);
    const bad = [{ file: 'compose.yaml', find: '[NET_RAW]\n    ports: ["80:80", "443:443"]', replace: '[ALL]\n    ports: ["80:80"]', expect: ok[0]!.expect }];
    expect(await errorsOf({ 'compose.yaml': compose }, bad)).toEqual([
      `compose.yaml:5:22: undeclared-change: services.api.ports.1 ("443:443") is removed, but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });

  it('a stale expectation (declares 256M, writes 192M) is refused by the read-back, naming the change', async () => {
    const steps = [{ file: 'compose.yaml', find: '128M', replace: '192M', expect: [{ kind: 'yaml', path: ['services', 'api', 'mem_limit'], value: '256M' }] }];
    const err = await planFiles(project({ 'compose.yaml': COMPOSE }, steps), { projectName: 'p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifyError);
    expect((err as Error).message).toBe('compose.yaml: services.api.mem_limit reads back "192M", expected "256M" (change by fake-edit for p/api: fake 128M → 192M); nothing was written');
  });

  it('the CLI prints the finding at file:line:col, exits 2 and writes nothing (plan and apply)', async () => {
    const steps = [{ file: 'compose.yaml', find: '    image: api:1\n', replace: '    restart: always\n', expect: [{ kind: 'yaml', path: ['services', 'api', 'restart'], value: 'always' }] }];
    const dir = project({ 'compose.yaml': COMPOSE }, steps);
    for (const cmd of ['plan', 'apply']) {
      const m = memoryIO(dir);
      expect(await run([cmd, '-p', 'p'], m.io)).toBe(2);
      expect(m.out()).toBe('');
      expect(m.err()).toBe(`composeshift: compose.yaml:3:5: error: services.api.image ("api:1") is removed, but no change of fake-edit declares it: ${NOTHING} (fake-edit)\ncomposeshift: 1 error; nothing was written\n`);
      expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
    }
  });
});

const PY = {
  'compose.yaml': 'services:\n  api:\n    build: ./api\n',
  'api/Dockerfile': 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY main.py .\nCMD ["python", "main.py"]\n',
  'api/requirements.txt': '--extra-index-url https://example.org/simple\nrequests==2.31.0\nnumpy==1.26.4  # pinned\n',
  'api/main.py': 'import requests\n',
};

describe('verify: requirements files differ only by declared requirements and options', () => {
  it('a removed line that no expectation names is refused at its line', async () => {
    const steps = [{ file: 'api/requirements.txt', find: 'requests==2.31.0\nnumpy==1.26.4  # pinned\n', replace: 'numpy==1.26.4  # pinned\n', expect: [{ kind: 'requirement', name: 'numpy', present: true }] }];
    expect(await errorsOf(PY, steps)).toEqual([
      `api/requirements.txt:2:1: undeclared-change: requests==2.31.0 is removed, but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });

  it('an option line changed without an option expectation is refused; a rewrite of a declared requirement and comments are free', async () => {
    const steps = [
      { file: 'api/requirements.txt', find: 'https://example.org/simple', replace: 'https://example.org/other' },
      { file: 'api/requirements.txt', find: 'numpy==1.26.4  # pinned', replace: 'numpy==2.0.0  # bumped', expect: [{ kind: 'requirement', name: 'numpy', present: true, specifier: '==2.0.0' }] },
    ];
    expect(await errorsOf(PY, steps)).toEqual([
      `api/requirements.txt:1:1: undeclared-change: --extra-index-url https://example.org/simple is removed (and 1 other undeclared difference), but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
    const declared = [{ ...steps[0]!, expect: [{ kind: 'option', option: '--extra-index-url', value: 'https://example.org/other', present: true }, { kind: 'option', option: '--extra-index-url', value: 'https://example.org/simple', present: false }] }, steps[1]!];
    expect(await errorsOf(PY, declared)).toEqual([]);
  });

  it('an added requirement is placed in the new text', async () => {
    const steps = [{ file: 'api/requirements.txt', find: 'requests==2.31.0\n', replace: 'requests==2.31.0\nflask==3.0.0\n' }];
    expect(await errorsOf(PY, steps)).toEqual([
      `api/requirements.txt:3:1: undeclared-change: flask==3.0.0 is added (line 3 of the new text), but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });
});

const NODE = {
  'compose.yaml': 'services:\n  web:\n    build: ./web\n',
  'web/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY index.js .\nCMD ["node", "index.js"]\n',
  'web/package.json': '{\n  "name": "web",\n  "scripts": { "start": "node index.js" },\n  "dependencies": {\n    "left-pad": "1.3.0",\n    "express": "4.19.2"\n  }\n}\n',
  'web/index.js': "require('express');\n",
};

describe('verify: package.json differs only by declared dependency removals', () => {
  const removal = { file: 'web/package.json', find: '    "left-pad": "1.3.0",\n', replace: '' };

  it('a dependency removed with no requirement-removed change is refused at its key', async () => {
    expect(await errorsOf(NODE, [removal])).toEqual([
      `web/package.json:5:5: undeclared-change: dependencies.left-pad is removed ("1.3.0"), but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });

  it('declared as a requirement-removed change it passes; a script changed beside it does not', async () => {
    const declared = { ...removal, value: { kind: 'requirement-removed', package: 'left-pad', ecosystem: 'node' } };
    expect(await errorsOf(NODE, [declared])).toEqual([]);
    const script = { file: 'web/package.json', find: '"node index.js"', replace: '"node app.js"' };
    expect(await errorsOf(NODE, [declared, script])).toEqual([
      `web/package.json:3:16: undeclared-change: scripts.start changes from "node index.js" to "node app.js", but no change of fake-edit declares it: ${NOTHING} (fake-edit)`,
    ]);
  });
});

describe('the built-ins declare every value they write', () => {
  it('memory-limits on a service that writes its limit twice (mem_limit and deploy…memory): both are declared and read back', async () => {
    const compose = 'services:\n  api:\n    image: api:1\n    mem_limit: 128M\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n';
    const dir = tempProject({ 'compose.yaml': compose, 'stats.txt': statsTable('p', { api: [100, 128] }), 'composeshift.config.yaml': 'policies:\n  - transform: memory-limits\n    set: { limit: 192M }\n' });
    const { plan, out } = await planFiles(dir, { projectName: 'p', usage: 'stats.txt' });
    expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(out).toEqual({ 'compose.yaml': compose.replaceAll('128M', '192M') });
    expect(plan.changes.flatMap((c) => c.expect.map((e) => (e.kind === 'yaml' ? e.path.join('.') : '')))).toEqual(['services.api.deploy.resources.limits.memory', 'services.api.mem_limit']);
  });
});

describe('a later pass on a text an earlier pass broke', () => {
  it('is a VerifyError naming the pass and the transform whose edits broke it (was an InputError at a line the file does not have)', async () => {
    const compose = 'services:\n  api:\n    image: api:1\n    restart: always\n';
    // The fake's removal beats compose-fields' rewrite of `always`, so compose-fields runs again on the broken text.
    const steps = [{ file: 'compose.yaml', find: '  api:\n    image: api:1\n    restart: al', replace: '' }];
    const dir = tempProject({ 'compose.yaml': compose, 'fake.js': FAKE, 'composeshift.config.yaml': `policies:\n  - transform: compose-fields\n    set: { restart: unless-stopped }\n  - transform: ./fake.js\n    steps: ${JSON.stringify(steps)}\n` });
    const err = await planFiles(dir, { projectName: 'p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifyError);
    expect((err as Error).message).toBe("compose.yaml: the text after pass 1 (edits of fake-edit) does not parse: compose.yaml:2:1: invalid YAML: Implicit map keys need to be followed by map values\n  ways\n  ^\n(a bug in a transform's edits; nothing was written)");
  });
});
