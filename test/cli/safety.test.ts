import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';

// The real binary (built dist), as a CI gate runs it.
const BIN = path.resolve('bin/composeshift.js');

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const TORCH_SERVICE = {
  'compose.yaml': 'services:\n  api:\n    build: ./api\n',
  'api/Dockerfile': 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY main.py .\nCMD ["python", "main.py"]\n',
  'api/requirements.txt': 'requests==2.31.0\ntorch==2.1.0\n',
  'api/main.py': 'import requests\n',
};

describe('cli safety: a gate never passes on a typo', () => {
  it.each([
    [['plan', '/no/such/dir']],
    [['plan', '--recursive', '--check', '/no/such/dir']],
    [['apply', '/no/such/dir']],
    [['report', '/no/such/dir']],
  ])('%j → exit 2 "no such directory" (1d94d06: exit 0 "no changes" or "no compose file found")', (args) => {
    const r = cli(args, '/');
    expect(r.code).toBe(2);
    expect(r.err).toBe('composeshift: no such directory: /no/such/dir\n');
  });

  it('a root that is a file, and --recursive that finds no project, exit 2', () => {
    const dir = tempProject({ 'notes.txt': 'x\n', 'empty/README.md': '# none\n' });
    const file = cli(['plan', 'notes.txt'], dir);
    expect([file.code, file.err]).toEqual([2, 'composeshift: not a directory: notes.txt (the root is the folder of a compose project; use -f FILE for one file)\n']);
    const none = cli(['plan', '--recursive', '--check', 'empty'], dir);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^composeshift: no compose project .*found under empty/);
  });
});

describe('cli safety: error findings block the write', () => {
  it('a torch-cpu policy with version "not a version": plan and apply exit 2, nothing written (1d94d06: plan 0, apply wrote)', () => {
    const dir = tempProject({ ...TORCH_SERVICE, 'api/main.py': 'import torch\n', 'composeshift.config.yaml': 'policies:\n  - transform: torch-cpu\n    version: "not a version"\n' });
    for (const cmd of ['plan', 'apply']) {
      const r = cli([cmd], dir);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain('composeshift: error: version "not a version" is not a PEP 440 version (policy composeshift.config.yaml:2) (torch-cpu)\n');
      expect(r.err).toContain('nothing was written');
      expect(readFileSync(path.join(dir, 'api/requirements.txt'), 'utf8')).toBe(TORCH_SERVICE['api/requirements.txt']);
    }
  });
});

describe('cli safety: the default run resolves cross-transform conflicts', () => {
  it('unused-deps removes torch, torch-cpu is deferred; apply then plan --check has nothing left (1d94d06: exit 2, absolute path, byte offsets)', () => {
    const dir = tempProject(TORCH_SERVICE);
    const plan = cli(['plan', '-v'], dir);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('--- a/api/requirements.txt\n+++ b/api/requirements.txt\n@@ -1,2 +1,1 @@\n requests==2.31.0\n-torch==2.1.0\n');
    expect(plan.err).toContain("torch-cpu's edit at api/requirements.txt:2 was deferred: unused-deps removes the same text");
    expect(cli(['apply'], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, 'api/requirements.txt'), 'utf8')).toBe('requests==2.31.0\n');
    const again = cli(['plan', '--check'], dir);
    expect([again.code, again.out]).toEqual([0, '']);
  });

  it('plan --recursive on the e2e fixtures (torch fixture included) exits 0', () => {
    const r = cli(['plan', '--recursive', 'test/fixtures/e2e'], path.resolve('.'));
    expect(r.err).not.toMatch(/overlap|internal error/);
    expect(r.code).toBe(0);
    expect(r.out).toContain('-torch==2.5.1\n');
  });
});

describe('cli safety: confinement, and no file contents echoed', () => {
  it('extends: {file: /proc/self/environ}: exit 2 naming the path; a planted secret never appears (1d94d06 printed the environment)', () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: {file: /proc/self/environ, service: x}\n' });
    const secret = 'composeshift-planted-secret-5f3a9c';
    for (const args of [['plan'], ['plan', '--allow-outside-root'], ['apply', '--allow-outside-root']]) {
      const r = cli(args, dir, { SECRET_TOKEN: secret });
      expect(r.code).toBe(2);
      expect(r.out + r.err).not.toContain(secret);
      expect(r.err).toMatch(/proc\/self\/environ|kernel pseudo-file/);
    }
  });

  it('a binary docker-compose.yml: "not a text file", no raw byte echoed', () => {
    const dir = tempProject({});
    writeFileSync(path.join(dir, 'docker-compose.yml'), Buffer.concat([Buffer.from('services:\n  RAWBYTES'), Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0x07])]));
    const r = cli(['plan'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('composeshift: docker-compose.yml:2:11: not a text file (byte 20 is not UTF-8 text)\n');
  });

  it('a FIFO named compose.yaml or given as env_file never hangs the run', () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: x\n    env_file: pipe.env\n' });
    execFileSync('mkfifo', [path.join(dir, 'pipe.env')]);
    const r = cli(['plan'], dir);
    expect([r.code, r.err]).toEqual([2, "composeshift: compose.yaml:4:15: env_file 'pipe.env' is not a regular file; it is never read\n      env_file: pipe.env\n                ^\n"]);
    const fifo = tempProject({});
    execFileSync('mkfifo', [path.join(fifo, 'x.yaml')]);
    const f = cli(['plan', '-f', 'x.yaml'], fifo);
    expect([f.code, f.err]).toEqual([2, 'composeshift: x.yaml: not a regular file (a FIFO); it is never read\n']);
  });

  it('include: outside the root is exit 2 naming it relative to the root, nothing written; --allow-outside-root follows it', () => {
    const dir = tempProject({
      'outside/compose.yaml': 'services:\n  shared:\n    image: s\n    mem_limit: 128M\n',
      'repo/compose.yaml': 'include:\n  - ../outside/compose.yaml\nservices:\n  api:\n    image: a\n',
    });
    const r = cli(['plan', 'repo'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("composeshift: compose.yaml:2:5: include '../outside/compose.yaml' resolves outside the root (../outside/compose.yaml); use --allow-outside-root to follow it\n");
    expect(cli(['plan', '--allow-outside-root', 'repo'], dir).code).toBe(0);
  });
});
