import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// A service that asks for a GPU keeps its CUDA torch, and so does every file or pip command it shares with a
// CPU service. Evidence: compose GPU reservations, gpus:, runtime, GPU devices and env, GPU base images, GPU ENV,
// GPU-only packages beside torch, files named for a GPU build.

const X = '--extra-index-url https://download.pytorch.org/whl/cpu';
const REQ_DF = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
const T = ['torch-cpu'];

/** One service `app` built from ./app with `extra` compose lines under it. */
function app(extra: string, files: Record<string, string> = { 'app/Dockerfile': REQ_DF, 'app/requirements.txt': 'torch==2.5.1\n' }): Record<string, string> {
  return { 'compose.yaml': `services:\n  app:\n    build: ./app\n${extra}`, ...files };
}

const GPU_SERVICE = [{ code: 'torch-gpu-service', level: 'info' as const }];

const cases: TransformCase[] = [
  {
    name: 'deploy.resources.reservations.devices: nothing changes, and the evidence is named',
    files: app('    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n'),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', level: 'info', message: 'app: wants a GPU (deploy.resources.reservations.devices (driver: nvidia, capabilities: [gpu]) (compose.yaml:7)): torch in app/requirements.txt stays as it is' }],
  },
  { name: 'runtime: nvidia', files: app('    runtime: nvidia\n'), transforms: T, output: {}, findings: [{ code: 'torch-gpu-service', message: 'runtime: nvidia (compose.yaml:4)' }] },
  { name: 'gpus: all', files: app('    gpus: all\n'), transforms: T, output: {}, findings: GPU_SERVICE },
  { name: 'environment NVIDIA_VISIBLE_DEVICES (list form)', files: app('    environment:\n      - NVIDIA_VISIBLE_DEVICES=all\n'), transforms: T, output: {}, findings: [{ code: 'torch-gpu-service', message: 'environment NVIDIA_VISIBLE_DEVICES=all (compose.yaml:4)' }] },
  { name: 'environment CUDA_VISIBLE_DEVICES (map form)', files: app('    environment:\n      CUDA_VISIBLE_DEVICES: "0"\n'), transforms: T, output: {}, findings: GPU_SERVICE },
  { name: 'a CDI GPU device', files: app('    devices:\n      - nvidia.com/gpu=all\n'), transforms: T, output: {}, findings: [{ code: 'torch-gpu-service', message: 'devices: nvidia.com/gpu=all' }] },
  {
    name: 'NVIDIA_VISIBLE_DEVICES=void hides the GPUs: converted',
    files: app('    environment:\n      NVIDIA_VISIBLE_DEVICES: void\n'),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'an nvidia/cuda base image',
    files: app('', { 'app/Dockerfile': REQ_DF.replace('python:3.11-slim', 'nvidia/cuda:12.1.1-runtime-ubuntu22.04'), 'app/requirements.txt': 'torch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04 (app/Dockerfile:1)' }],
  },
  {
    name: 'a pytorch/pytorch CUDA base image under a builder stage whose venv is copied across',
    files: app('', {
      'app/Dockerfile': 'FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime AS build\nRUN pip install --prefix=/install torchvision==0.18.0\n\nFROM python:3.11-slim\nCOPY --from=build /install /usr/local\n',
    }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime (app/Dockerfile:1)' }],
  },
  {
    name: 'ENV NVIDIA_VISIBLE_DEVICES in the runtime stage, inline pip install',
    files: app('', { 'app/Dockerfile': 'FROM python:3.11\nENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility\nRUN pip install torch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'ENV NVIDIA_VISIBLE_DEVICES=all (app/Dockerfile:2)' }],
  },
  {
    name: 'GPU-only packages beside torch (xformers, triton, nvidia-*-cu12) say the service is built for CUDA',
    files: app('', { 'app/Dockerfile': REQ_DF, 'app/requirements.txt': 'torch==2.5.1\nxformers==0.0.28.post3\ntriton==3.1.0\nnvidia-cudnn-cu12==9.1.0.70\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'xformers==0.0.28.post3 (app/requirements.txt:2); triton==3.1.0 (app/requirements.txt:3); nvidia-cudnn-cu12==9.1.0.70 (app/requirements.txt:4)' }],
  },
  {
    name: 'an inline pip install of xformers --no-deps after the requirements (Fooocus)',
    files: app('', { 'app/Dockerfile': `${REQ_DF}RUN pip install --no-cache-dir xformers==0.0.23 --no-dependencies\n`, 'app/requirements.txt': 'torch==2.1.0\ntorchvision==0.16.0\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'pip install … xformers==0.0.23 (app/Dockerfile:5)' }],
  },
  {
    name: 'a CPU twin of a GPU service through a merge key (deploy: {} drops the reservation): the shared files stay, the twin is warned',
    files: {
      'compose.yaml':
        'x-base: &base\n  deploy:\n    resources:\n      reservations:\n        devices:\n          - driver: nvidia\n            capabilities: [compute, utility]\n\nservices:\n  auto: &auto\n    <<: *base\n    build: ./app\n  auto-cpu:\n    <<: *auto\n    deploy: {}\n',
      'app/Dockerfile': REQ_DF,
      'app/requirements.txt': 'torch==2.5.1\n',
    },
    transforms: T,
    output: {},
    findings: [
      { code: 'torch-gpu-service', message: 'auto: wants a GPU (deploy.resources.reservations.devices (driver: nvidia, capabilities: [compute, utility]) (compose.yaml:5))' },
      { code: 'torch-shared-with-gpu', level: 'warn', message: 'auto-cpu: app/requirements.txt is also installed by auto (deploy.resources.reservations.devices' },
    ],
  },
  {
    name: 'an -r include shared by a CPU and a GPU service stays, and so does the rest of the CPU image (no +cpu torchaudio beside a CUDA torch)',
    files: {
      'compose.yaml': 'services:\n  cpu:\n    build:\n      context: .\n      dockerfile: cpu/Dockerfile\n  gpu:\n    build:\n      context: .\n      dockerfile: gpu/Dockerfile\n    runtime: nvidia\n',
      'cpu/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install -r cpu/requirements.txt\n',
      'gpu/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install -r gpu/requirements.txt\n',
      'cpu/requirements.txt': '-r ../common/ml.txt\ntorchaudio==2.5.1\n',
      'gpu/requirements.txt': '-r ../common/ml.txt\n',
      'common/ml.txt': 'torch==2.5.1\n',
    },
    transforms: T,
    output: {},
    findings: [
      { code: 'torch-shared-with-gpu', message: 'cpu: common/ml.txt is also installed by gpu (runtime: nvidia (compose.yaml:10))' },
      { code: 'torch-partial', message: 'cpu: common/ml.txt keeps its torch build, so cpu/requirements.txt is not converted either' },
      'torch-gpu-service',
    ],
  },
  {
    name: 'a constraints file a GPU service uses is not converted for a CPU service, nor is the rest of that image',
    files: {
      'compose.yaml': 'services:\n  cpu:\n    build:\n      context: .\n      dockerfile: cpu/Dockerfile\n  gpu:\n    build:\n      context: .\n      dockerfile: gpu/Dockerfile\n    gpus: all\n',
      'cpu/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install -c common/constraints.txt -r cpu/requirements.txt\n',
      'gpu/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install -c common/constraints.txt -r gpu/requirements.txt\n',
      'cpu/requirements.txt': 'accelerate\n',
      'gpu/requirements.txt': 'torch\n',
      'common/constraints.txt': 'torch==2.5.1\n',
    },
    transforms: T,
    output: {},
    findings: ['torch-shared-with-gpu', 'torch-partial', 'torch-gpu-service'],
  },
  {
    name: 'a CPU service next to a GPU service, each with its own files: only the CPU one converts',
    files: {
      'compose.yaml': 'services:\n  api:\n    build: ./api\n  trainer:\n    build: ./trainer\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n',
      'api/Dockerfile': REQ_DF,
      'api/requirements.txt': 'fastapi\ntorch==2.5.1\n',
      'trainer/Dockerfile': REQ_DF,
      'trainer/requirements.txt': '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch==2.5.1+cu121\n',
    },
    transforms: T,
    output: { 'api/requirements.txt': `fastapi\n${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos', { code: 'torch-gpu-service', message: 'trainer: wants a GPU' }],
  },
  {
    name: 'no compose file: Dockerfile.gpu shares requirements.txt with the plain Dockerfile, so neither is converted',
    files: {
      Dockerfile: 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      'Dockerfile.gpu': 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      'requirements.txt': 'torch==2.5.1\n',
    },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-shared-with-gpu', message: 'Dockerfile: requirements.txt is also installed by Dockerfile.gpu (a Dockerfile named for a GPU build (Dockerfile.gpu) (Dockerfile.gpu))' }, 'torch-gpu-service'],
  },
  {
    name: 'a requirements file named for CUDA (requirements-cu121.txt) is never converted',
    files: app('', { 'app/Dockerfile': 'FROM python:3.11\nCOPY . .\nRUN pip install -r requirements-cu121.txt\n', 'app/requirements-cu121.txt': 'torch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'a requirements file named for a GPU build (requirements-cu121.txt)' }],
  },
  // Whisper-WebUI: a debian base, but the runtime stage puts the venv's nvidia cuBLAS/cuDNN on LD_LIBRARY_PATH.
  {
    name: 'ENV LD_LIBRARY_PATH naming the nvidia-* wheels\' libraries of the venv: a GPU image',
    files: app('', {
      'app/Dockerfile': `${REQ_DF}ENV LD_LIBRARY_PATH=/app/venv/lib/python3.11/site-packages/nvidia/cublas/lib:/app/venv/lib/python3.11/site-packages/nvidia/cudnn/lib\n`,
      'app/requirements.txt': `--extra-index-url https://download.pytorch.org/whl/cu128\ntorch>=2.8.0,<2.9.0\n`,
    }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'app: wants a GPU (ENV LD_LIBRARY_PATH names CUDA libraries (/app/venv/lib/python3.11/site-packages/nvidia/cublas/lib) (app/Dockerfile:5))' }],
  },
  {
    name: 'ENV CUDA_HOME=/usr/local/cuda on a python base image',
    files: app('', { 'app/Dockerfile': 'FROM python:3.12\nENV CUDA_HOME=/usr/local/cuda\nRUN pip install torch==2.5.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'ENV CUDA_HOME names CUDA libraries (/usr/local/cuda) (app/Dockerfile:2)' }],
  },
  {
    name: 'LD_LIBRARY_PATH naming other libraries is no GPU evidence',
    files: app('', { 'app/Dockerfile': `${REQ_DF}ENV LD_LIBRARY_PATH=/usr/local/lib:/opt/intel/lib\n`, 'app/requirements.txt': 'torch==2.5.1\n' }),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
  // text-generation-webui requirements_amd.txt: llama_cpp_binaries-0.124.0+rocm7.2 wheels beside accelerate.
  {
    name: 'a wheel URL of another package built for ROCm (+rocm7.2): the file is for that GPU, no torch is added',
    files: app('', { 'app/Dockerfile': REQ_DF, 'app/requirements.txt': 'accelerate==1.13.*\nhttps://github.com/o/llama-cpp-binaries/releases/download/v0.124.0/llama_cpp_binaries-0.124.0+rocm7.2-py3-none-linux_x86_64.whl; platform_system == "Linux"\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'a rocm7.2 build: https://github.com/o/llama-cpp-binaries/releases/download/v0.124.0/llama_cpp_binaries-0.124.0+rocm7.2-py3-none-linux_x86_64.whl; platform_system == "Linux" (app/requirements.txt:2)' }],
  },
  {
    name: 'another package pinned to a CUDA build (==0.2.90+cu121) beside torch',
    files: app('', { 'app/Dockerfile': REQ_DF, 'app/requirements.txt': 'torch==2.5.1\nllama-cpp-python==0.2.90+cu121\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'a cu121 build: llama-cpp-python==0.2.90+cu121 (app/requirements.txt:2)' }],
  },
  {
    name: 'an inline PyG wheel for CUDA (+pt21cu121)',
    files: app('', { 'app/Dockerfile': 'FROM python:3.11-slim\nRUN pip install torch==2.1.0 torch-scatter==2.1.2+pt21cu121 -f https://data.pyg.org/whl/torch-2.1.0+cu121.html\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'pip install … torch-scatter==2.1.2+pt21cu121 (app/Dockerfile:2)' }],
  },
  {
    name: 'a local label that names no GPU (+custom.20, %2Bcpu) is no evidence',
    files: app('', { 'app/Dockerfile': REQ_DF, 'app/requirements.txt': 'https://example.org/gradio-4.37.2+custom.20-py3-none-any.whl\nhttps://example.org/onnx-1.0%2Bcpu-py3-none-any.whl\ntorch==2.5.1\n' }),
    transforms: T,
    output: { 'app/requirements.txt': `https://example.org/gradio-4.37.2+custom.20-py3-none-any.whl\nhttps://example.org/onnx-1.0%2Bcpu-py3-none-any.whl\n${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'a file two GPU services share with a CPU one: both are named, "which want a GPU"',
    files: {
      'compose.yaml': 'services:\n  cpu:\n    build: ./app\n  nv:\n    build: ./app\n    runtime: nvidia\n  amd:\n    build: ./app\n    devices:\n      - /dev/kfd\n',
      'app/Dockerfile': REQ_DF,
      'app/requirements.txt': 'torch==2.5.1\n',
    },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-shared-with-gpu', level: 'warn', message: 'cpu: app/requirements.txt is also installed by nv (runtime: nvidia (compose.yaml:6)), amd (devices: /dev/kfd (compose.yaml:9)), which want a GPU: not converted' }],
  },
  // stable-diffusion-webui-docker 9b6750b: an xformers wheel fetched in another stage, installed by its file name.
  {
    name: 'a GPU-only package installed from a wheel file (named by the file) beside an inline torch',
    files: app('', {
      'app/Dockerfile': 'FROM alpine:3 AS xformers\nRUN wget -O /wheel.whl https://example.org/x.whl\nFROM python:3.10-slim\nRUN pip install torch==1.12.1+cu116 --extra-index-url https://download.pytorch.org/whl/cu116\nCOPY --from=xformers /wheel.whl xformers-0.0.14.dev0-cp310-cp310-linux_x86_64.whl\nRUN pip install xformers-0.0.14.dev0-cp310-cp310-linux_x86_64.whl\n',
    }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-gpu-service', message: 'app: wants a GPU (pip install … xformers-0.0.14.dev0-cp310-cp310-linux_x86_64.whl (app/Dockerfile:6))' }],
  },
];

describe('torch-cpu never converts what a GPU service installs', () => transformCases(cases));
