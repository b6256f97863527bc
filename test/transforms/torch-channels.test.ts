import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// A CUDA index of PyTorch's nightly or test (release candidate) channel becomes that channel's CPU index: the
// stable CPU index has none of those builds.

const T = ['torch-cpu'];
const COMPOSE = 'services:\n  app:\n    build: ./app\n';
const REQ_DF = 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';

const cases: TransformCase[] = [
  {
    name: 'nightly CUDA index in a requirements file',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': REQ_DF, 'app/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/nightly/cu121\n--pre\ntorch\n' },
    transforms: T,
    output: { 'app/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/nightly/cpu\n--pre\ntorch\n' },
  },
  {
    name: 'nightly find-links page with a dev pin',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': REQ_DF, 'app/requirements.txt': '-f https://download.pytorch.org/whl/nightly/torch_nightly.html\ntorch==2.6.0.dev20241112+cu124\n' },
    transforms: T,
    output: { 'app/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/nightly/cpu\ntorch==2.6.0.dev20241112+cpu\n' },
    findings: ['torch-macos'],
  },
  {
    name: 'test channel on an inline pip install',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11-slim\nRUN pip3 install --pre torch --index-url https://download.pytorch.org/whl/test/cu124\n' },
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.11-slim\nRUN pip3 install --pre torch --index-url https://download.pytorch.org/whl/test/cpu\n' },
    findings: ['torch-primary-index'],
  },
  {
    name: 'a stable CUDA index still becomes the stable CPU index',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11-slim\nRUN ["pip", "install", "--extra-index-url=https://download.pytorch.org/whl/cu118", "torch==2.3.1"]\n' },
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.11-slim\nRUN ["pip", "install", "--extra-index-url=https://download.pytorch.org/whl/cpu", "torch==2.3.1+cpu"]\n' },
  },
];

describe('torch-cpu keeps the PyTorch channel it converts', () => transformCases(cases));
