import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { loadProject } from '../../src/project/load.js';
import { dockerfileServiceName, isDockerfileName } from '../../src/project/find-dockerfiles.js';
import { memoryIO as io } from '../helpers/memory-io.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const CPU = 'https://download.pytorch.org/whl/cpu';
const DF = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n';

/** A library / ML repository: no compose file, two Dockerfiles. */
const REPO = {
  Dockerfile: DF,
  'requirements.txt': 'torch==2.5.1\nnumpy\n',
  'main.py': 'import torch\nimport numpy\n',
  'docker/worker/Dockerfile': DF,
  'docker/worker/requirements.txt': 'torch==2.5.1\nrequests\n',
  'docker/worker/main.py': 'import torch\n',
  'docker/Dockerfile.j2': '{% if gpu %}FROM nvidia/cuda{% endif %}\n',
  'node_modules/x/Dockerfile': 'not one of ours\n',
};

describe('repositories without a compose file', () => {
  it('names a service by its Dockerfile path', () => {
    expect(['Dockerfile', 'docker/api/Dockerfile', 'docker/gpu.Dockerfile', 'docker/Dockerfile.cuda'].map(dockerfileServiceName)).toEqual(['Dockerfile', 'docker/api', 'docker/gpu.Dockerfile', 'docker/Dockerfile.cuda']);
    expect(['Dockerfile', 'dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'Dockerfile.j2', 'Dockerfile.dockerignore', 'Dockerfile.template', 'Dockerfiles', 'README.md'].map(isDockerfileName)).toEqual([true, true, true, true, false, false, false, false, false]);
  });

  it('every Dockerfile is a service built from its folder (templates and node_modules skipped)', () => {
    const dir = tempProject(REPO);
    const p = loadProject({ root: dir });
    expect(p.services.map((s) => [s.name, s.build!.context.slice(dir.length) || '/', s.link!.requirements.length])).toEqual([
      ['Dockerfile', '/', 1],
      ['docker/worker', '/docker/worker', 1],
    ]);
    expect(p.compose[0]!.dockerfilesOnly).toBe(true);
  });

  it('plan -t torch-cpu works without a compose file (exact bytes)', async () => {
    const dir = tempProject(REPO);
    const { plan, out } = await planFiles(dir, { transforms: ['torch-cpu'] });
    expect(out).toEqual({
      'requirements.txt': `--extra-index-url ${CPU}\ntorch==2.5.1+cpu\nnumpy\n`,
      'docker/worker/requirements.txt': `--extra-index-url ${CPU}\ntorch==2.5.1+cpu\nrequests\n`,
    });
    expect(plan.findings.filter((f) => f.code === 'torch-converted').map((f) => f.message.split(':')[0])).toEqual(['Dockerfile', 'docker/worker']);
  });

  it('audit works without a compose file', async () => {
    const dir = tempProject(REPO);
    const t = io(dir);
    expect(await run(['audit', '--format', 'json'], t.io)).toBe(0);
    const report = JSON.parse(t.out()) as { services: { service: string; findings: { package: string; class: string }[] }[] };
    const worker = report.services.find((s) => s.service === 'docker/worker')!;
    expect(worker.findings.find((f) => f.package === 'requests')?.class).toBe('unused');
  });

  it('memory-limits has nothing to do there, and says so', async () => {
    const dir = tempProject(REPO);
    const { plan, out } = await planFiles(dir, { transforms: ['memory-limits'] });
    expect(out).toEqual({});
    expect(plan.findings.map((f) => `${f.level} ${f.code}`)).toContain('info no-compose-file');
  });

  it('apply --build refuses before writing: docker compose has nothing to build', async () => {
    const dir = tempProject(REPO);
    const t = io(dir);
    expect(await run(['apply', '-t', 'torch-cpu', '--build'], t.io)).toBe(2);
    expect(t.err()).toContain('--build and --up need a compose file');
    expect(readFileSync(path.join(dir, 'requirements.txt'), 'utf8')).toBe('torch==2.5.1\nnumpy\n');
  });

  it('--recursive finds the Dockerfiles when there is no compose project', async () => {
    const dir = tempProject(REPO);
    const { out } = await planFiles(dir, { transforms: ['torch-cpu'], recursive: true });
    expect(Object.keys(out).sort()).toEqual(['docker/worker/requirements.txt', 'requirements.txt']);
  });

  it('git-ignored folders are skipped, as --recursive does', () => {
    const dir = tempProject({ ...REPO, '.gitignore': 'build/\n', 'build/Dockerfile': DF });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    expect(loadProject({ root: dir }).services.map((s) => s.name)).toEqual(['Dockerfile', 'docker/worker']);
  });

  it('a file named as a Dockerfile that is not one is bad input (exit 2, file:line), never "no changes"', async () => {
    const dir = tempProject({ ...REPO, 'docker/api.Dockerfile': 'FROM python\nRUNN pip install flask\n' });
    for (const args of [['plan', '-t', 'torch-cpu'], ['plan', '--recursive', '-t', 'torch-cpu']]) {
      const t = io(dir);
      expect(await run(args, t.io)).toBe(2);
      expect(t.err()).toContain('docker/api.Dockerfile:2:');
    }
  });

  // Root reads every folder: the run drops to `nobody` (setpriv) so that a folder really cannot be read.
  const canDrop = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!canDrop)('--recursive on a tree with a folder it cannot read: exit 2 naming the folder, never "no changes"', () => {
    for (const files of [REPO, { 'a/compose.yaml': 'services:\n  x:\n    image: busybox\n', 'locked/compose.yaml': 'services:\n  y:\n    image: busybox\n' }]) {
      const dir = tempProject({ ...files, 'locked/Dockerfile': DF });
      chmodSync(dir, 0o755);
      for (const d of ['docker', 'docker/worker', 'a']) if (existsSync(path.join(dir, d))) chmodSync(path.join(dir, d), 0o755);
      chmodSync(path.join(dir, 'locked'), 0o700);
      const bin = fileURLToPath(new URL('../../bin/composeshift.js', import.meta.url));
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'plan', '--recursive', '-t', 'torch-cpu', '.'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('locked');
      expect(r.stderr).not.toContain('no changes');
    }
  });

  it('nothing to read at all: exit 2 with and without --recursive', async () => {
    const dir = tempProject({ 'README.md': '# lib\n' });
    for (const args of [['plan'], ['plan', '--recursive']]) {
      const t = io(dir);
      expect(await run(args, t.io)).toBe(2);
      expect(t.err()).toMatch(/no compose (file|project)/);
    }
  });
});
