import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply } from '../../src/index.js';
import { tempProject } from '../helpers/temp-project.js';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// Hostile shapes of real files: BOM, CRLF, continuation lines, extras, files shared by services, one Dockerfile
// with a GPU and a CPU target. Exact output bytes; every byte not asked to change stays.

const T = ['torch-cpu'];
const X = '--extra-index-url https://download.pytorch.org/whl/cpu';
const COMPOSE = 'services:\n  app:\n    build: ./app\n';
const REQ_DF = 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
const one = (reqs: string): Record<string, string> => ({ 'compose.yaml': COMPOSE, 'app/Dockerfile': REQ_DF, 'app/requirements.txt': reqs });

const cases: TransformCase[] = [
  {
    // The planned text is the decoded one (no BOM); the test below checks the bytes apply writes.
    name: 'BOM and CRLF: the new line takes CRLF',
    files: one('\uFEFFtorch==2.5.1\r\nflask\r\n'),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\r\ntorch==2.5.1+cpu\r\nflask\r\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'a pin continued on the next line',
    files: one('torch \\\n  ==2.5.1\nflask\n'),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch \\\n  ==2.5.1+cpu\nflask\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'a marker continued on the next line, CRLF, no final newline',
    files: one('flask\r\ntorch==2.5.1 \\\r\n  ; python_version >= "3.9"'),
    transforms: T,
    output: { 'app/requirements.txt': `flask\r\n${X}\r\ntorch==2.5.1+cpu \\\r\n  ; python_version >= "3.9"` },
    findings: ['torch-macos'],
  },
  {
    name: 'a --hash on a continuation line: nothing changes',
    files: one('flask==3.0.0 \\\n    --hash=sha256:aaaa\ntorch==2.5.1 \\\n    --hash=sha256:bbbb\n'),
    transforms: T,
    output: {},
    findings: ['torch-hashes'],
  },
  {
    name: 'a hashed file keeps CUDA torch, so a torchvision the same image installs inline is not converted either',
    files: {
      'compose.yaml': COMPOSE,
      'app/Dockerfile': `${REQ_DF}RUN pip install torchvision==0.20.1\n`,
      'app/requirements.txt': 'torch==2.5.1 \\\n    --hash=sha256:bbbb\n',
    },
    transforms: T,
    output: {},
    findings: ['torch-hashes', { code: 'torch-partial', message: 'app: app/requirements.txt keeps its torch build, so app/Dockerfile is not converted either' }],
  },
  {
    name: 'sentence-transformers[torch] pulls torch: an explicit torch line goes before it',
    files: one('sentence-transformers[torch]==3.0.1 ; python_version >= "3.9"\n'),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch\nsentence-transformers[torch]==3.0.1 ; python_version >= "3.9"\n` },
  },
  {
    name: 'an -r include two CPU services share is edited once',
    files: {
      'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      dockerfile: a/Dockerfile\n  b:\n    build:\n      context: .\n      dockerfile: b/Dockerfile\n',
      'a/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install -r a/requirements.txt\n',
      'b/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install -r b/requirements.txt\n',
      'a/requirements.txt': '-r ../common/ml.txt\nflask\n',
      'b/requirements.txt': '-r ../common/ml.txt\n',
      'common/ml.txt': 'torch==2.5.1\n',
    },
    transforms: T,
    output: { 'common/ml.txt': `${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'one Dockerfile, a GPU target and a CPU target built on a shared base stage: the shared install stays, and so does the CPU stage on top of it',
    files: {
      'compose.yaml': 'services:\n  gpu:\n    build:\n      context: ./app\n      target: gpu\n    runtime: nvidia\n  cpu:\n    build:\n      context: ./app\n      target: cpu\n',
      'app/Dockerfile': 'FROM python:3.11-slim AS base\nRUN pip install numpy==1.26.4 torchaudio==2.5.1\n\nFROM base AS gpu\nRUN pip install torch==2.5.1\n\nFROM base AS cpu\nRUN pip install torch==2.5.1\n',
    },
    transforms: T,
    output: {},
    findings: ['torch-gpu-service', { code: 'torch-shared-with-gpu', message: 'cpu: app/Dockerfile is also installed by gpu' }, 'torch-partial'],
  },
  {
    name: 'one Dockerfile, a GPU target and a CPU target on separate stages: the CPU stage converts',
    files: {
      'compose.yaml': 'services:\n  gpu:\n    build:\n      context: ./app\n      target: gpu\n    runtime: nvidia\n  cpu:\n    build:\n      context: ./app\n      target: cpu\n',
      'app/Dockerfile': 'FROM python:3.11-slim AS gpu\nRUN pip install torch==2.5.1\n\nFROM python:3.11-slim AS cpu\nRUN pip install torch==2.5.1\n',
    },
    transforms: T,
    output: { 'app/Dockerfile': `FROM python:3.11-slim AS gpu\nRUN pip install torch==2.5.1\n\nFROM python:3.11-slim AS cpu\nRUN pip install ${X} torch==2.5.1+cpu\n` },
    findings: ['torch-gpu-service'],
  },
];

describe('torch-cpu on hostile shapes', () => {
  transformCases(cases);

  it('apply writes the BOM back first, before the new index line', async () => {
    const dir = tempProject(one('\uFEFFtorch==2.5.1\r\nflask\r\n'));
    await apply({ root: dir, transforms: T });
    expect(readFileSync(path.join(dir, 'app/requirements.txt'))).toEqual(Buffer.from(`\uFEFF${X}\r\ntorch==2.5.1+cpu\r\nflask\r\n`, 'utf8'));
  });
});
