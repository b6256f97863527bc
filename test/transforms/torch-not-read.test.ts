import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// "installs no torch" is said only when nothing torch-cpu cannot read installs packages: a project install from
// pyproject.toml (uv sync, poetry install, pip install .) or a conda install naming torch is named instead.

const T = ['torch-cpu'];
const COMPOSE = 'services:\n  app:\n    build: ./app\n';

const cases: TransformCase[] = [
  {
    name: 'poetry install of a pyproject.toml that pins torch',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install poetry && poetry install --extras cpu\n', 'app/pyproject.toml': '[tool.poetry.dependencies]\ntorch = "2.5.1"\n' },
    transforms: T,
    output: {},
    findings: [
      {
        code: 'torch-not-read',
        level: 'info',
        message: 'app: no requirements file or pip install of the image names torch (app/Dockerfile), but poetry install installs the project (pyproject.toml), not a requirements file (app/Dockerfile:3): torch-cpu neither reads nor edits those, so whether they install CUDA torch is not checked',
      },
    ],
  },
  {
    name: 'uv sync in a builder whose venv is copied across',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11 AS deps\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --extra media\n\nFROM python:3.11-slim\nCOPY --from=deps /app/.venv /app/.venv\n', 'app/pyproject.toml': '[project]\nname = "x"\n', 'app/uv.lock': '' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-not-read', message: 'uv sync installs the project (pyproject.toml)' }],
  },
  {
    name: 'conda install of pytorch',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM continuumio/miniconda3\nRUN conda install -y pytorch torchvision cpuonly -c pytorch\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-not-read', message: 'a conda install names torch (app/Dockerfile:2)' }],
  },
  {
    name: 'nothing unread: no torch is said as before',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11\nRUN conda install -y numpy && pip install flask\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-no-torch', message: 'app: installs no torch, torchvision or torchaudio and nothing that depends on them (app/Dockerfile)' }],
  },
];

describe('torch-cpu names the installs it does not read instead of claiming no torch', () => transformCases(cases));
