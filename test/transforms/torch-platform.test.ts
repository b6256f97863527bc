import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// An image declared for linux/arm64 is not converted: PyTorch's CPU index has no +cpu torchvision for aarch64,
// and older torch releases carry no +cpu label there, so the +cpu pins would not resolve.

const T = ['torch-cpu'];
const REQ_DF = 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
const REQS = 'torch==2.5.1\ntorchvision==0.20.1\n';

const cases: TransformCase[] = [
  {
    name: 'compose platform: linux/arm64',
    files: { 'compose.yaml': 'services:\n  app:\n    build: ./app\n    platform: linux/arm64\n', 'app/Dockerfile': REQ_DF, 'app/requirements.txt': REQS },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-arm64', level: 'warn', message: 'app: builds for linux/arm64: ' }],
  },
  {
    name: 'build.platforms with arm64 among them',
    files: { 'compose.yaml': 'services:\n  app:\n    build:\n      context: ./app\n      platforms:\n        - linux/amd64\n        - linux/arm64\n', 'app/Dockerfile': REQ_DF, 'app/requirements.txt': REQS },
    transforms: T,
    output: {},
    findings: ['torch-arm64'],
  },
  {
    name: 'FROM --platform=linux/arm64 in the runtime stage, inline install',
    files: { 'compose.yaml': 'services:\n  app:\n    build: ./app\n', 'app/Dockerfile': 'FROM --platform=linux/arm64 python:3.11-slim\nRUN pip install torch==2.5.1\n' },
    transforms: T,
    output: {},
    findings: ['torch-arm64'],
  },
  {
    name: 'platform: linux/amd64 is converted',
    files: { 'compose.yaml': 'services:\n  app:\n    build: ./app\n    platform: linux/amd64\n', 'app/Dockerfile': REQ_DF, 'app/requirements.txt': REQS },
    transforms: T,
    output: { 'app/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==2.5.1+cpu\ntorchvision==0.20.1+cpu\n' },
    findings: ['torch-macos'],
  },
];

describe('torch-cpu: images declared for arm64 keep their torch pins', () => transformCases(cases));
