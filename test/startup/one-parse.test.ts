import { describe, expect, it, vi } from 'vitest';

// Every YAML parse of the run, counted by the text parsed (the real yaml parser does the work).
const parsed = vi.hoisted(() => [] as string[]);
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => {
      parsed.push(String(args[0]));
      return yaml.parseDocument(...args);
    },
  };
});

const { dockerfileAstLoaded } = await import('../../src/dockerfile/parse.js');
const { tsMorphLoaded } = await import('../../src/node/imports.js');
const { planFiles, statsTable, tempProject } = await import('../helpers/temp-project.js');

const COMPOSE = ['services:', '  api:', '    build: ./api', '    deploy:', '      resources:', '        limits:', '          memory: 256M', '  db:', '    image: postgres:16', '    mem_limit: 1g', ''].join('\n');
const FILES = {
  'compose.yaml': COMPOSE,
  'api/Dockerfile': 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n',
  'api/requirements.txt': 'torch==2.3.1\nrequests==2.31.0\n',
  'api/main.py': 'import torch\nimport requests\n',
  'web/package.json': '{"dependencies": {}}\n',
};

describe('start-up: a memory-only plan reads compose alone, parsing each file once', () => {
  it('parses the compose file once, re-parses only the changed file in verify, and never loads dockerfile-ast or ts-morph', async () => {
    const dir = tempProject({ ...FILES, 'docker-stats.txt': statsTable('p', { api: [200, 256], db: [100, 1024] }) });
    parsed.length = 0;
    const { plan, out } = await planFiles(dir, { transforms: ['memory-limits'], usage: 'docker-stats.txt', projectName: 'p' });
    expect(Object.keys(out)).toEqual(['compose.yaml']);
    const after = out['compose.yaml']!;
    expect(after).not.toBe(COMPOSE);
    // The original text once (load), the new text once (verify reads the values back); nothing else.
    expect(parsed.filter((t) => t === COMPOSE)).toHaveLength(1);
    expect(parsed.filter((t) => t === after)).toHaveLength(1);
    expect(parsed).toHaveLength(2);
    expect(plan.project.services.every((s) => s.link === undefined)).toBe(true);
    expect(dockerfileAstLoaded()).toBe(false);
    expect(tsMorphLoaded()).toBe(false);
  });

  it('a no-op memory plan parses the compose file once and verifies nothing', async () => {
    const dir = tempProject(FILES);
    parsed.length = 0;
    const { out } = await planFiles(dir, { transforms: ['memory-limits'] });
    expect(out).toEqual({});
    expect(parsed).toEqual([COMPOSE]);
  });

  it('a transform that reads Dockerfiles loads dockerfile-ast (and the compose file is still parsed once)', async () => {
    const dir = tempProject(FILES);
    parsed.length = 0;
    await planFiles(dir, { transforms: ['torch-cpu'] });
    expect(dockerfileAstLoaded()).toBe(true);
    expect(parsed.filter((t) => t === COMPOSE)).toHaveLength(1);
  });
});

describe('start-up: the real binary runs the bundle', () => {
  it('a memory-only plan through bin/composeshift.js loads dist/cli.js and its chunks, never dist/src, dockerfile-ast or ts-morph', async () => {
    const { execa } = await import('execa');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = tempProject({ ...FILES, 'docker-stats.txt': statsTable('p', { api: [200, 256], db: [100, 1024] }) });
    // Preloads that append every module the process loads to a file: CommonJS through Module._load, ES modules
    // through a resolve hook (which runs on the loader thread in node 20, hence a file rather than stderr).
    const log = path.join(dir, 'loaded.txt');
    writeFileSync(path.join(dir, 'cjs-hook.cjs'), "const fs = require('node:fs'); const M = require('node:module'); const load = M._load; M._load = function (request, ...rest) { fs.appendFileSync(process.env.CS_LOADED, 'cjs ' + request + '\\n'); return load.call(this, request, ...rest); };\n");
    writeFileSync(path.join(dir, 'esm-loader.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.CS_LOADED, 'esm ' + r.url + '\\n'); return r; }\n");
    writeFileSync(path.join(dir, 'esm-hook.mjs'), "import { register } from 'node:module';\nregister('./esm-loader.mjs', import.meta.url);\n");
    writeFileSync(log, '');
    const bin = path.resolve(import.meta.dirname, '../../bin/composeshift.js');
    const r = await execa(process.execPath, ['--require', path.join(dir, 'cjs-hook.cjs'), '--import', path.join(dir, 'esm-hook.mjs'), bin, 'plan', '-t', 'memory-limits', '-p', 'p', '--usage', 'docker-stats.txt', '.'], { cwd: dir, reject: false, env: { CS_LOADED: log } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('compose.yaml');
    const loaded = readFileSync(log, 'utf8').split('\n');
    expect(loaded.some((l) => l.endsWith('/dist/cli.js'))).toBe(true);
    expect(loaded.some((l) => l.includes('/dist/chunks/'))).toBe(true);
    expect(loaded.filter((l) => l.includes('/dist/src/'))).toEqual([]);
    expect(loaded.filter((l) => /dockerfile-ast|ts-morph/.test(l))).toEqual([]);
  });
});
