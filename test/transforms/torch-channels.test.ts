import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// A CUDA index of PyTorch's nightly or test (release candidate) channel becomes that channel's CPU index: the
// stable CPU index has none of those builds. torch_stable.html (every build of every release) stays where every
// pin is +cpu already: the CPU index may not carry the old releases it serves.

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
  {
    name: 'torch_stable.html with every pin already +cpu installs CPU builds: left as it is (a file)',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': REQ_DF, 'app/requirements.txt': '-f https://download.pytorch.org/whl/torch_stable.html\ntorch==1.4.0+cpu\ntorchvision==0.5.0+cpu\n' },
    transforms: T,
    output: {},
    findings: ['torch-macos', 'torch-already-cpu'],
  },
  {
    name: "torch_stable.html with every pin already +cpu: left as it is (PyTorch's own old install line)",
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.8-slim\nRUN pip install torch==1.4.0+cpu torchvision==0.5.0+cpu -f https://download.pytorch.org/whl/torch_stable.html\n' },
    transforms: T,
    output: {},
    findings: ['torch-already-cpu'],
  },
  {
    name: "the torch page of PyTorch's index of every build with a +cpu pin (whisper-asr-webservice 9a7ab55): left as it is",
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.10-slim\nRUN pip install poetry==1.2.2 \\\n    && pip install torch==1.13.0+cpu -f https://download.pytorch.org/whl/torch\n' },
    transforms: T,
    output: {},
    findings: ['torch-already-cpu'],
  },
  {
    name: "the torchvision/ page in a file with a plain pin: replaced by the CPU index",
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': REQ_DF, 'app/requirements.txt': '--find-links https://download.pytorch.org/whl/torchvision/\ntorch==1.13.1\ntorchvision==0.14.1+cpu\n' },
    transforms: T,
    output: { 'app/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==1.13.1+cpu\ntorchvision==0.14.1+cpu\n' },
    findings: ['torch-macos'],
  },
  {
    name: 'torch_stable.html with a plain pin serves +cu builds above +cpu: replaced by the CPU index',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': REQ_DF, 'app/requirements.txt': '-f https://download.pytorch.org/whl/torch_stable.html\ntorch==1.13.1+cpu\ntorchvision==0.14.1\n' },
    transforms: T,
    output: { 'app/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==1.13.1+cpu\ntorchvision==0.14.1+cpu\n' },
    findings: ['torch-macos'],
  },
];

describe('torch-cpu keeps the PyTorch channel it converts', () => transformCases(cases));
