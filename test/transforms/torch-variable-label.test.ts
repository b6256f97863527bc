import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// `torch==${V}` is a torch line whose version a variable holds; when that version (or the text around the
// variable) carries a build label other than +cpu, no CPU index serves it: nothing is edited, and the CUDA index
// the pin needs stays on its pip command.

const T = ['torch-cpu'];
const COMPOSE = 'services:\n  app:\n    build: ./app\n';
const CU121 = 'https://download.pytorch.org/whl/cu121';

const cases: TransformCase[] = [
  {
    name: 'ARG TORCH=2.5.1+cu121 and the CUDA index on the command: both stay',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': `FROM python:3.11-slim\nARG TORCH=2.5.1+cu121\nRUN pip install torch==\${TORCH} --extra-index-url ${CU121}\n` },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-variable-pin', message: 'torch==${TORCH} (torch==2.5.1+cu121 here) keeps a build label that is not +cpu' }],
  },
  {
    name: 'a label written after the variable',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11-slim\nARG V\nRUN pip install "torch==${V}+cu121" torchvision\n' },
    transforms: T,
    output: {},
    findings: ['torch-variable-pin'],
  },
  {
    name: 'ARG TORCH=2.5.1+cpu is already CPU: only the index is added',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11-slim\nARG TORCH=2.5.1+cpu\nRUN pip install torch==${TORCH}\n' },
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.11-slim\nARG TORCH=2.5.1+cpu\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu torch==${TORCH}\n' },
    findings: ['torch-variable-pin'],
  },
  {
    name: 'in a requirements file: torch==${TORCH_VERSION}+cu121',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', 'app/requirements.txt': 'torch==${TORCH_VERSION}+cu121\nflask\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-variable-pin', message: 'torch==${TORCH_VERSION}+cu121 keeps a build label that is not +cpu whatever the variable holds' }],
  },
];

describe('torch-cpu: a variable torch pin with a CUDA label is not converted', () => transformCases(cases));
