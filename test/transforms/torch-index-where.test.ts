import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// Where pip and uv really read an index: the command line, PIP_*/UV_* variables (ENV, ARG, VAR=x before the command),
// uv's --torch-backend and first-index strategy, --no-index, and a requirements file's own --index-url, which drops
// every index named before it. An edit pip or uv would not honour is a finding, never an edit.

const CPU = 'https://download.pytorch.org/whl/cpu';
const CU121 = 'https://download.pytorch.org/whl/cu121';
const X = `--extra-index-url ${CPU}`;
const T = ['torch-cpu'];
const COMPOSE = 'services:\n  app:\n    build: ./app\n';

/** One service `app`: its Dockerfile and other files under app/. */
function app(dockerfile: string, files: Record<string, string> = {}): Record<string, string> {
  return { 'compose.yaml': COMPOSE, 'app/Dockerfile': dockerfile, ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`app/${k}`, v])) };
}
const reqDf = (before: string, install = 'pip install -r requirements.txt'): string => `FROM python:3.11-slim\n${before}COPY requirements.txt .\nRUN ${install}\n`;

const cases: TransformCase[] = [
  {
    name: 'ENV PIP_EXTRA_INDEX_URL names a CUDA index: a range would still resolve to +cu121, so nothing changes',
    files: app(reqDf(`ENV PIP_EXTRA_INDEX_URL=${CU121}\n`), { 'requirements.txt': 'torch>=2.3\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-env-index', level: 'warn', message: `PIP_EXTRA_INDEX_URL=${CU121} (an ENV/ARG of the Dockerfile) gives pip a CUDA PyTorch index for app/requirements.txt too` }],
  },
  {
    name: 'ARG PIP_INDEX_URL is in the environment of RUN: an inline install is not converted',
    files: app(`FROM python:3.11-slim\nARG PIP_INDEX_URL=${CU121}\nRUN pip install torch\n`),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-env-index', message: 'this pip install' }],
  },
  {
    name: 'PIP_EXTRA_INDEX_URL=… written before the command',
    files: app(`FROM python:3.11-slim\nRUN PIP_EXTRA_INDEX_URL=${CU121} pip install torch==2.5.1\n`),
    transforms: T,
    output: {},
    findings: ['torch-env-index'],
  },
  {
    name: 'ENV PIP_EXTRA_INDEX_URL names the CPU index: the file needs no index line',
    files: app(reqDf(`ENV PIP_EXTRA_INDEX_URL=${CPU}\n`), { 'requirements.txt': 'torch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-cpu-on-command', message: `already has PIP_EXTRA_INDEX_URL=${CPU}` }, 'torch-already-cpu'],
  },
  {
    name: 'ENV PIP_EXTRA_INDEX_URL names a ROCm index: left alone',
    files: app(reqDf('ENV PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/rocm6.1\n'), { 'requirements.txt': 'torch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: ['torch-accelerator'],
  },
  {
    name: 'uv --torch-backend=cu126 wins over any index: nothing changes',
    files: app('FROM python:3.11-slim\nRUN uv pip install --system --torch-backend=cu126 torch==2.7.1\n'),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-uv-backend', message: '--torch-backend cu126 makes uv take the PyTorch packages from the "cu126" backend' }],
  },
  {
    name: 'ENV UV_TORCH_BACKEND=cu126 for a requirements file uv installs',
    files: app(reqDf('ENV UV_TORCH_BACKEND=cu126\n', 'uv pip install --system -r requirements.txt'), { 'requirements.txt': 'torch==2.7.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-uv-backend', message: 'UV_TORCH_BACKEND=cu126' }],
  },
  {
    name: 'UV_TORCH_BACKEND=cpu is a CPU index: the pin is converted, no index is added (so first-index does not apply)',
    files: app('FROM python:3.11-slim\nENV UV_TORCH_BACKEND=cpu\nRUN uv pip install --system torch==2.7.1 numpy==1.26.4\n'),
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.11-slim\nENV UV_TORCH_BACKEND=cpu\nRUN uv pip install --system torch==2.7.1+cpu numpy==1.26.4\n' },
  },
  {
    name: 'uv (first-index) with other packages in the same command: nothing changes',
    files: app('FROM python:3.11-slim\nRUN uv pip install --system torch==2.7.1 numpy==1.26.4\n'),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-uv-first-index', message: 'numpy would be limited to the versions PyTorch\'s index carries' }],
  },
  {
    name: 'uv with --index-strategy unsafe-best-match reads indexes as pip does: converted',
    files: app('FROM python:3.11-slim\nRUN uv pip install --system --index-strategy unsafe-best-match torch==2.7.1 numpy==1.26.4\n'),
    transforms: T,
    output: { 'app/Dockerfile': `FROM python:3.11-slim\nRUN uv pip install ${X} --system --index-strategy unsafe-best-match torch==2.7.1+cpu numpy==1.26.4\n` },
  },
  {
    name: 'a requirements file uv installs, with other packages: nothing changes',
    files: app(reqDf('', 'uv pip install --system -r requirements.txt'), { 'requirements.txt': 'fastapi==0.115.0\ntorch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-uv-first-index', message: 'app/requirements.txt is installed by uv' }],
  },
  {
    name: 'a torch-only requirements file uv installs: converted',
    files: app(reqDf('', 'uv pip install --system -r requirements.txt'), { 'requirements.txt': 'torch==2.5.1\ntorchvision==0.20.1\n' }),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu\ntorchvision==0.20.1+cpu\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'a torch-only file included by a uv-installed file with other packages: the index would apply to them too',
    files: app('FROM python:3.11-slim\nCOPY . .\nRUN uv pip install --system -r requirements.txt\n', { 'requirements.txt': '-r ml.txt\nflask\n', 'ml.txt': 'torch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-uv-first-index', message: 'flask' }],
  },
  {
    name: 'pip install --no-index --find-links: which torch build the folder holds is unknown',
    files: app('FROM python:3.11-slim\nCOPY wheels /wheels\nCOPY requirements.txt .\nRUN pip install --no-index --find-links /wheels -r requirements.txt\n', { 'requirements.txt': 'torch==2.5.1\n', 'wheels/.keep': '' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-no-index', message: 'app/requirements.txt is installed with --no-index' }],
  },
  {
    name: 'the wheels a builder downloads with the file are what --no-index installs: converted',
    files: app(
      'FROM python:3.11 AS build\nCOPY requirements.txt .\nRUN pip wheel -r requirements.txt -w /wheels\n\nFROM python:3.11-slim\nCOPY --from=build /wheels /wheels\nCOPY requirements.txt .\nRUN pip install --no-index --find-links /wheels -r requirements.txt\n',
      { 'requirements.txt': 'torch==2.5.1\n' },
    ),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'a --no-index line in the file',
    files: app(reqDf(''), { 'requirements.txt': '--no-index\n--find-links ./wheels\ntorch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-no-index', message: 'app/requirements.txt sets --no-index' }],
  },
  {
    name: "a file's own --index-url after the torch line: the CPU index goes after it (before it, pip would drop it)",
    files: app(reqDf(''), { 'requirements.txt': 'torch==2.5.1\n--index-url https://pypi.example.com/simple\nflask\n' }),
    transforms: T,
    output: { 'app/requirements.txt': `torch==2.5.1+cpu\n--index-url https://pypi.example.com/simple\n${X}\nflask\n` },
    findings: ['torch-macos'],
  },
  {
    name: "a CPU index on the command line is dropped by the file's --index-url: the file gets its own",
    files: app(reqDf('', `pip install ${X} -r requirements.txt`), { 'requirements.txt': '--index-url https://pypi.example.com/simple\ntorch==2.5.1\n' }),
    transforms: T,
    output: { 'app/requirements.txt': `--index-url https://pypi.example.com/simple\n${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
  {
    name: "a CPU index line before the file's --index-url does not count",
    files: app(reqDf(''), { 'requirements.txt': `${X}\n--index-url https://pypi.example.com/simple\ntorch==2.5.1+cpu\n` }),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\n--index-url https://pypi.example.com/simple\n${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'a hashed file keeps its CUDA pin, so the CUDA index on its pip command stays too',
    files: app(reqDf('', `pip install --extra-index-url ${CU121} --require-hashes -r requirements.txt`), { 'requirements.txt': 'torch==2.5.1+cu121 \\\n    --hash=sha256:0123456789abcdef\n' }),
    transforms: T,
    output: {},
    findings: ['torch-hashes'],
  },
  // InvokeAI c5aeb36230: `extra_index_url_arg="--extra-index-url …/cu121"` set in the RUN, then
  // `pip install $extra_index_url_arg torch==$TORCH_VERSION torchvision==$TORCHVISION_VERSION`: torchvision became
  // +cpu while torch==2.1.2 resolved to +cu121 (cu121 sorts above cpu), a mixed pair.
  {
    name: 'a pip command word that is a shell variable of unknown value may hold a CUDA index: nothing changes',
    files: app(`FROM python:3.11\nARG TORCH_VERSION=2.1.2\nARG GPU_DRIVER=cuda\nRUN if [ "$GPU_DRIVER" = "cpu" ]; then extra="--extra-index-url ${CPU}"; else extra="--extra-index-url ${CU121}"; fi && \\\n    pip install $extra torch==$TORCH_VERSION torchvision==0.16.2\n`),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-command-variable', level: 'warn', message: 'app: this pip install passes $extra, a variable whose value is not known here' }],
  },
  {
    name: 'an ARG without a default before -r: the file is not edited',
    files: app(reqDf('ARG PIP_ARGS\n', 'pip install ${PIP_ARGS} -r requirements.txt'), { 'requirements.txt': 'torch>=2.3\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-command-variable', message: 'the pip command that installs app/requirements.txt passes ${PIP_ARGS}' }],
  },
  {
    name: 'an index option whose value is an ARG with a ROCm default: left alone',
    files: app('FROM python:3.11-slim\nARG TORCH_INDEX=https://download.pytorch.org/whl/rocm6.1\nRUN pip install --index-url ${TORCH_INDEX} torch==2.5.1\n'),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-accelerator', level: 'info', message: 'TORCH_INDEX=https://download.pytorch.org/whl/rocm6.1 (ROCm/XPU' }],
  },
  {
    name: 'an index option whose value is an ARG with a CUDA default: nothing changes, the ARG is named',
    files: app(`FROM python:3.11-slim\nARG TORCH_INDEX=${CU121}\nRUN pip install --extra-index-url $TORCH_INDEX torch==2.5.1\n`),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-env-index', message: `TORCH_INDEX=${CU121} (an ENV/ARG of the Dockerfile)` }],
  },
  {
    name: 'an index option whose value is an ARG with the CPU index: only the pin changes',
    files: app(`FROM python:3.11-slim\nARG TORCH_INDEX=${CPU}\nRUN pip install --extra-index-url $TORCH_INDEX torch==2.5.1\n`),
    transforms: T,
    output: { 'app/Dockerfile': `FROM python:3.11-slim\nARG TORCH_INDEX=${CPU}\nRUN pip install --extra-index-url $TORCH_INDEX torch==2.5.1+cpu\n` },
  },
  {
    name: 'an index option whose value is an ARG without a default, before -r: the file is not edited',
    files: app(reqDf('ARG TORCH_INDEX\n', 'pip install --extra-index-url ${TORCH_INDEX} -r requirements.txt'), { 'requirements.txt': 'torch>=2.3\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-command-variable', message: 'passes --extra-index-url ${TORCH_INDEX}, a variable whose value is not known here: it may name a CUDA index' }],
  },
  {
    name: 'an ARG whose value holds no index option is read through',
    files: app(reqDf('ARG PIP_ARGS="--no-cache-dir --upgrade"\n', 'pip install $PIP_ARGS -r requirements.txt'), { 'requirements.txt': 'torch==2.5.1\n' }),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
];

describe('torch-cpu puts the index where pip and uv read it, or changes nothing', () => transformCases(cases));
