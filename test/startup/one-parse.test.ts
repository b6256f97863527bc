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
