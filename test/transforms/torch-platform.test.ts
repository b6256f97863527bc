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
  // A Dockerfile that branches on the target architecture is written to be built for more than one platform
  // (whisper-asr-webservice 3bcaaa8: `if [ "$TARGETPLATFORM" = "linux/arm64" ]; then pip install torch==1.13.0; fi`
  // became `torch==1.13.0+cpu`, which aarch64 has no wheel for).
  {
    name: 'a RUN that installs torch only when $TARGETPLATFORM is linux/arm64: the image is not converted',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: ./app\n',
      'app/Dockerfile': 'FROM python:3.10-slim\nARG TARGETPLATFORM\nRUN if [ "$TARGETPLATFORM" = "linux/amd64" ]; then pip install torch==1.13.0 -f https://download.pytorch.org/whl/cpu; fi;\nRUN if [ "$TARGETPLATFORM" = "linux/arm64" ]; then pip install torch==1.13.0; fi;\n',
    },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-arm64', level: 'warn', message: 'app: builds for more than one platform (a RUN branches on $TARGETPLATFORM: app/Dockerfile:3): ' }],
  },
  {
    name: 'a case on $(uname -m) in another RUN holds a requirements file too',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: ./app\n',
      'app/Dockerfile': `FROM python:3.11-slim\nRUN case "$(uname -m)" in aarch64) apt-get install -y libopenblas-dev ;; esac\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n`,
      'app/requirements.txt': REQS,
    },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-arm64', message: 'a RUN branches on $(uname -m): app/Dockerfile:2' }],
  },
  {
    name: 'a URL built from $(uname -m) names no platform: converted',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: ./app\n',
      'app/Dockerfile': `FROM python:3.11-slim\nRUN curl -fsSLo /usr/local/bin/tini https://example.org/tini-$(uname -m)\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n`,
      'app/requirements.txt': REQS,
    },
    transforms: T,
    output: { 'app/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==2.5.1+cpu\ntorchvision==0.20.1+cpu\n' },
    findings: ['torch-macos'],
  },
  {
    name: 'an apt source line built from $(dpkg --print-architecture) tests nothing: converted',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: ./app\n',
      'app/Dockerfile': 'FROM python:3.11-slim\nRUN echo "deb [arch=$(dpkg --print-architecture)] https://download.docker.com/linux/debian bookworm stable" > /etc/apt/sources.list.d/docker.list\nRUN pip install torch==2.5.1\n',
    },
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.11-slim\nRUN echo "deb [arch=$(dpkg --print-architecture)] https://download.docker.com/linux/debian bookworm stable" > /etc/apt/sources.list.d/docker.list\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu torch==2.5.1+cpu\n' },
  },
  {
    name: 'the value first (["arm64" = "${TARGETARCH}"]) is a test too',
    files: { 'compose.yaml': 'services:\n  app:\n    build: ./app\n', 'app/Dockerfile': 'FROM python:3.11-slim\nARG TARGETARCH\nRUN if [ "arm64" = "${TARGETARCH}" ]; then pip install torch==2.5.1; fi\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-arm64', message: 'a RUN branches on ${TARGETARCH}: app/Dockerfile:3' }],
  },
  {
    name: 'a platform test in a stage that does not reach the runtime image does not count',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: ./app\n',
      'app/Dockerfile': 'FROM python:3.11-slim AS tools\nRUN if [ "$TARGETARCH" = "arm64" ]; then echo arm; fi\nFROM python:3.11-slim\nRUN pip install torch==2.5.1\n',
    },
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.11-slim AS tools\nRUN if [ "$TARGETARCH" = "arm64" ]; then echo arm; fi\nFROM python:3.11-slim\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu torch==2.5.1+cpu\n' },
  },
];

describe('torch-cpu: images declared for arm64 keep their torch pins', () => transformCases(cases));
