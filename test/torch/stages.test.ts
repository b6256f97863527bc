import { describe, expect, it } from 'vitest';
import { codes, plan, project, write } from './helpers.js';

const CPU = 'https://download.pytorch.org/whl/cpu';
const X = `--extra-index-url ${CPU}`;
const ROCM = 'https://download.pytorch.org/whl/rocm6.1';
const XPU = 'https://download.pytorch.org/whl/xpu';
const REQ_DF = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';

/** One service `app` built from app/ with these files; the compose file can be replaced. */
function app(files: Record<string, string>, compose?: string): string {
  const prefixed = Object.fromEntries(Object.entries(files).map(([k, v]) => [`app/${k}`, v]));
  return project(compose ? { ...prefixed, 'compose.yaml': compose } : prefixed);
}

describe('torch-cpu: ROCm and XPU indexes are not CUDA', () => {
  it.each([
    ['a ROCm index in a requirements file', { Dockerfile: REQ_DF, 'requirements.txt': `--extra-index-url ${ROCM}\ntorch==2.5.1\ntorchvision==0.20.1\n` }],
    ['an XPU index in a requirements file (nightly channel)', { Dockerfile: REQ_DF, 'requirements.txt': '--index-url https://download.pytorch.org/whl/nightly/xpu\ntorch\n' }],
    ['a +rocm6.1 pin', { Dockerfile: REQ_DF, 'requirements.txt': 'torch==2.5.1+rocm6.1\n' }],
    ['an XPU index on an inline pip install', { Dockerfile: `FROM python:3.11\nRUN pip install --index-url ${XPU} torch==2.5.1 torchvision\n` }],
    ['a ROCm index on the pip command that installs the file', { Dockerfile: `FROM python:3.11\nCOPY requirements.txt .\nRUN pip install --extra-index-url ${ROCM} -r requirements.txt\n`, 'requirements.txt': 'torch==2.5.1\n' }],
  ])('%s: left exactly as it is, and said', async (_name, files) => {
    const { plan: p, out } = await plan(app(files));
    expect(out).toEqual({});
    expect(codes(p.findings)).toContain('torch-accelerator');
  });
});

describe('torch-cpu: torch==${VAR} is a torch line', () => {
  it('inline, with a build ARG: the index is added, the pin is reported, no second torch is added', async () => {
    const df = 'FROM python:3.11\nARG TORCH_VERSION=2.5.1\nRUN pip install torch==${TORCH_VERSION} sentence-transformers\n';
    const { plan: p, out } = await plan(app({ Dockerfile: df }));
    expect(out).toEqual({ 'app/Dockerfile': `FROM python:3.11\nARG TORCH_VERSION=2.5.1\nRUN pip install ${X} torch==\${TORCH_VERSION} sentence-transformers\n` });
    expect(p.findings.find((f) => f.code === 'torch-variable-pin')?.message).toBe(
      'app: torch==${TORCH_VERSION} (torch==2.5.1 here) takes its version from a build variable: not edited; with the CPU index pip prefers the +cpu build of that version, or set the variable to V+cpu',
    );
  });

  it('in a requirements file (pip expands ${VAR}): index before it, line untouched, no torch added for a dependent', async () => {
    const dir = app({ Dockerfile: REQ_DF, 'requirements.txt': 'flask\ntorch==${TORCH_VERSION}\nsentence-transformers==3.0.1\n' });
    const { plan: p, out } = await plan(dir);
    expect(out).toEqual({ 'app/requirements.txt': `flask\n${X}\ntorch==\${TORCH_VERSION}\nsentence-transformers==3.0.1\n` });
    expect(codes(p.findings)).toContain('torch-variable-pin');
    write(dir, out);
    expect((await plan(dir)).out).toEqual({});
  });
});

describe('torch-cpu: a CPU index on the pip command line', () => {
  const df = `FROM python:3.11\nCOPY requirements.txt .\nRUN pip install ${X} -r requirements.txt\n`;

  it('makes the requirements edit unnecessary: no edit, an info finding', async () => {
    const { plan: p, out } = await plan(app({ Dockerfile: df, 'requirements.txt': 'torch==2.5.1\ntorchvision==0.20.1\naccelerate\n' }));
    expect(out).toEqual({});
    expect(p.findings.filter((f) => f.code.startsWith('torch-')).map((f) => `${f.level} ${f.code}`)).toEqual(['info torch-cpu-on-command', 'info torch-already-cpu']);
  });

  it('a CUDA build label still becomes +cpu, and a CUDA index in the file still goes', async () => {
    const { out } = await plan(app({ Dockerfile: df, 'requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch==2.5.1+cu121\n' }));
    expect(out).toEqual({ 'app/requirements.txt': 'torch==2.5.1+cpu\n' });
  });
});

describe('torch-cpu: the stage model', () => {
  const STAGES = 'FROM python:3.11 AS legacy\nRUN pip install torch==2.1.0 torchvision==0.16.0\n\nFROM python:3.11 AS serve\nRUN pip install torch==2.5.1 torchvision==0.20.1\n';

  it('converts only the runtime stage; pairs are checked within a stage, not across stages', async () => {
    const { plan: p, out } = await plan(app({ Dockerfile: STAGES }));
    expect(out).toEqual({
      'app/Dockerfile': `FROM python:3.11 AS legacy\nRUN pip install torch==2.1.0 torchvision==0.16.0\n\nFROM python:3.11 AS serve\nRUN pip install ${X} torch==2.5.1+cpu torchvision==0.20.1+cpu\n`,
    });
    expect(codes(p.findings)).not.toContain('torchvision-mismatch');
    expect(codes(p.findings)).toContain('install-not-in-runtime');
  });

  it('build.target picks the stage that is converted', async () => {
    const compose = 'services:\n  app:\n    build:\n      context: ./app\n      target: legacy\n';
    const { out } = await plan(app({ Dockerfile: STAGES }, compose));
    expect(out).toEqual({
      'app/Dockerfile': `FROM python:3.11 AS legacy\nRUN pip install ${X} torch==2.1.0+cpu torchvision==0.16.0+cpu\n\nFROM python:3.11 AS serve\nRUN pip install torch==2.5.1 torchvision==0.20.1\n`,
    });
  });

  it('a mismatch inside one stage is still reported', async () => {
    const { plan: p } = await plan(app({ Dockerfile: 'FROM python:3.11\nRUN pip install torch==2.5.1 torchvision==0.16.0\n' }));
    expect(codes(p.findings)).toContain('torchvision-mismatch');
  });

  it('a build arg from compose names the requirements file that is converted', async () => {
    const compose = 'services:\n  app:\n    build:\n      context: ./app\n      args:\n        - REQS=requirements-cpu.txt\n';
    const df = 'FROM python:3.11\nARG REQS=requirements-gpu.txt\nCOPY . .\nRUN pip install -r ${REQS}\n';
    const { out } = await plan(app({ Dockerfile: df, 'requirements-gpu.txt': 'torch==2.5.1\n', 'requirements-cpu.txt': 'torch==2.5.1\n' }, compose));
    expect(out).toEqual({ 'app/requirements-cpu.txt': `${X}\ntorch==2.5.1+cpu\n` });
  });
});
