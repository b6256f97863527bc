import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// A RUN that writes the requirements file before pip reads it (openedai-speech: `if [ "${USE_ROCM}" = "1" ]; then
// mv /app/requirements-rocm.txt /app/requirements.txt; fi`, or a `sed -i` of it) means pip installs what that
// command leaves, not the repository's file: an edit of the file proves nothing, so it is not made.

const T = ['torch-cpu'];
const X = '--extra-index-url https://download.pytorch.org/whl/cpu';
const COMPOSE = 'services:\n  app:\n    build: ./app\n';
const REQS = 'fastapi\ntorch==2.5.1\n';
const app = (dockerfile: string): Record<string, string> => ({ 'compose.yaml': COMPOSE, 'app/Dockerfile': dockerfile, 'app/requirements.txt': REQS, 'app/requirements-rocm.txt': 'torch==2.5.1\n' });

const cases: TransformCase[] = [
  {
    name: 'mv of another file onto requirements.txt (under a build-arg test): not edited',
    files: app('FROM python:3.11-slim\nARG USE_ROCM\nCOPY requirements*.txt /app/\nRUN if [ "${USE_ROCM}" = "1" ]; then mv /app/requirements-rocm.txt /app/requirements.txt; fi\nRUN pip install -r /app/requirements.txt\n'),
    transforms: T,
    output: {},
    findings: [
      {
        code: 'torch-file-rewritten',
        level: 'warn',
        message: 'app: app/requirements.txt is rewritten by the build before pip reads it (app/Dockerfile:4 (mv /app/requirements-rocm.txt /app/requirements.txt)): pip installs what that command leaves',
      },
    ],
  },
  {
    name: 'sed -i of the file in the same RUN, before pip: not edited',
    files: app("FROM python:3.11-slim\nCOPY requirements.txt .\nRUN sed -i 's/torch==2.5.1/torch==2.5.1+cu121/' requirements.txt && pip install -r requirements.txt\n"),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-file-rewritten', message: "(sed -i 's/torch==2.5.1/torch==2.5.1+cu121/' requirements.txt)" }],
  },
  {
    name: 'an echo >> onto the file: not edited',
    files: app('FROM python:3.11-slim\nCOPY requirements.txt .\nRUN echo "torchvision==0.20.1" >> requirements.txt\nRUN pip install -r requirements.txt\n'),
    transforms: T,
    output: {},
    findings: ['torch-file-rewritten'],
  },
  {
    name: 'a copy to another name, a move into a folder and a write after pip: converted',
    files: app('FROM python:3.11-slim\nCOPY requirements.txt .\nRUN cp requirements.txt /tmp/backup.txt && cp requirements.txt /tmp/\nRUN pip install -r requirements.txt && sed -i s/a/b/ requirements.txt\n'),
    transforms: T,
    output: { 'app/requirements.txt': `fastapi\n${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
];

describe('torch-cpu: a requirements file the build rewrites before pip reads it', () => transformCases(cases));
