import { describe, expect, it } from 'vitest';
import { runCase, type TransformCase } from '../helpers/transform-tester.js';

// A ROCm or XPU torch (index or +rocm/+xpu label) is a GPU build that is not CUDA: left as it is. It is still a
// torch the image installs (never "installs no torch"), and it keeps its build, so nothing else of the same image
// goes +cpu beside it (a +cpu torchaudio next to a ROCm torch is a broken pair).

const T = ['torch-cpu'];
const ROCM = 'https://download.pytorch.org/whl/rocm6.1';
const COMPOSE = 'services:\n  app:\n    build: ./app\n';
const app = (dockerfile: string, files: Record<string, string> = {}): Record<string, string> => ({
  'compose.yaml': COMPOSE,
  'app/Dockerfile': dockerfile,
  ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`app/${k}`, v])),
});
const FROM = 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';

const cases: (TransformCase & { absent: string[] })[] = [
  {
    name: 'a requirements file on the ROCm index: left alone, and the image does install torch',
    files: app(FROM, { 'requirements.txt': `--extra-index-url ${ROCM}\ntorch==2.5.1\n` }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-accelerator', level: 'info', message: `app/requirements.txt installs torch from the PyTorch index ${ROCM}` }],
    absent: ['torch-no-torch', 'torch-converted'],
  },
  {
    name: 'an inline XPU install: left alone, and the image does install torch',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11-slim\nRUN pip install torch==2.5.1+xpu --index-url https://download.pytorch.org/whl/xpu\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-accelerator', level: 'info' }],
    absent: ['torch-no-torch', 'torch-converted'],
  },
  {
    name: 'a ROCm requirements file and an inline torchaudio pin in the same image: the pin is not made +cpu',
    files: app(`${FROM}RUN pip install torchaudio==2.5.1\n`, { 'requirements.txt': `--extra-index-url ${ROCM}\ntorch==2.5.1\n` }),
    transforms: T,
    output: {},
    findings: [
      { code: 'torch-partial', level: 'warn', message: 'app: app/requirements.txt keeps its torch build, so app/Dockerfile is not converted either: one image would mix a +cpu build of torch, torchvision and torchaudio with the CUDA (or ROCm/XPU) build it keeps' },
    ],
    absent: ['torch-no-torch', 'torch-converted'],
  },
  {
    name: 'an inline +rocm torch and a requirements file with torchvision: the file is not converted',
    files: app(`FROM python:3.11-slim\nRUN pip install torch==2.5.1+rocm6.1 --index-url ${ROCM}\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n`, { 'requirements.txt': 'torchvision==0.20.1\n' }),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-partial', level: 'warn', message: 'app/Dockerfile keeps its torch build, so app/requirements.txt is not converted either' }],
    absent: ['torch-no-torch', 'torch-converted'],
  },
];

describe('torch-cpu: ROCm and XPU torch', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const plan = await runCase(c);
      const codes = plan.findings.map((f) => f.code);
      for (const code of c.absent) expect(codes, `${c.name}: no ${code}`).not.toContain(code);
    });
  }
});
