import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// "installs no torch" is said only when nothing torch-cpu cannot read installs packages: a project install from
// pyproject.toml (uv sync, poetry install, pip install .), a conda install naming torch, a shell script run at
// build time, a requirements file the build makes, or a base image that ships torch is named instead.

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
    name: 'a shell script run at build time (h2ogpt) is named',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM ubuntu:22.04\nCOPY . /workspace/\nRUN cd /workspace && ./docker_build_script_ubuntu.sh\n', 'app/docker_build_script_ubuntu.sh': 'pip install torch\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-not-read', message: 'RUN runs ./docker_build_script_ubuntu.sh (app/Dockerfile:3)' }],
  },
  {
    name: 'a requirements file cloned at build time and a base image that ships torch (stable-diffusion-webui-docker)',
    files: {
      'compose.yaml': COMPOSE,
      'app/Dockerfile': 'FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nWORKDIR /\nRUN git clone https://example.invalid/webui.git && cd webui && pip install -r requirements_versions.txt\n',
    },
    transforms: T,
    output: {},
    findings: [
      { code: 'torch-not-read', message: 'a pip install -r reads a file it does not name from the context' },
      { code: 'torch-not-read', message: 'the base image pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime ships torch (app/Dockerfile:1)' },
    ],
  },
  {
    name: 'a script a RUN only names (chmod +x) is not a script it runs',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11\nCOPY entrypoint.sh /docker/\nRUN chmod u+x /docker/entrypoint.sh && pip install flask\n', 'app/entrypoint.sh': 'exec "$@"\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-no-torch', message: 'app: installs no torch' }],
  },
  {
    name: 'a script sourced with a dot (clone.sh) is run',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11\nCOPY clone.sh /clone.sh\nRUN . /clone.sh repo https://example.invalid/x.git\n', 'app/clone.sh': 'git clone "$2"\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-not-read', message: 'RUN runs /clone.sh (app/Dockerfile:3)' }],
  },
  {
    name: 'nothing unread: no torch is said as before',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.11\nRUN conda install -y numpy && pip install flask\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-no-torch', message: 'app: installs no torch, torchvision or torchaudio and nothing that depends on them (app/Dockerfile)' }],
  },
  // whisper-asr-webservice 4298f3f: `poetry install` (torch 2.6.0+cpu from its pyproject's CPU source), then
  // `pip install … pyannote.audio`, which got `torch` and the CPU index added although torch was already there.
  {
    name: 'a torch dependent after an unread poetry install gets no torch line',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.10\nCOPY . /app\nRUN poetry install\nRUN pip install pandas pyannote.audio\n', 'app/pyproject.toml': '[tool.poetry.dependencies]\ntorch = "2.6.0"\n' },
    transforms: T,
    output: {},
    findings: [
      {
        code: 'torch-dependent-unread',
        level: 'info',
        message: 'app: pyannote.audio depends on torch, and an install torch-cpu does not read runs before it (poetry install installs the project (pyproject.toml), not a requirements file (app/Dockerfile:3)): that may install torch already, so no torch line is added',
      },
      { code: 'torch-not-read', level: 'info' },
    ],
  },
  {
    name: 'a torch dependent in a requirements file after a base image that ships torch gets no torch line',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', 'app/requirements.txt': 'sentence-transformers==3.0.1\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-dependent-unread', message: 'the base image pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime ships torch (app/Dockerfile:1)' }],
  },
  {
    name: 'an unread install after the dependent does not hold it back',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.10\nRUN pip install pyannote.audio\nCOPY . /app\nRUN poetry install\n', 'app/pyproject.toml': '[tool.poetry.dependencies]\nflask = "3"\n' },
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.10\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cpu torch pyannote.audio\nCOPY . /app\nRUN poetry install\n' },
  },
  // facefusion-docker: the build clones the application and runs its installer.
  {
    name: 'a Python script run after a git clone (facefusion install.py) is named',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.12\nWORKDIR /facefusion\nRUN git clone https://example.invalid/facefusion.git --branch 3.5.2 --single-branch .\nRUN python install.py --onnxruntime default --skip-conda\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-not-read', level: 'info', message: 'but RUN runs install.py, which may come from what the build clones (git clone at app/Dockerfile:3) (app/Dockerfile:4): torch-cpu neither reads nor edits those' }],
  },
  {
    name: 'a Python script of the repository (no clone) and python -m after a clone are not named',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.12\nCOPY . .\nRUN pip install flask && python manage.py collectstatic --noinput\nRUN git clone https://example.invalid/x.git /x && python -m compileall /x\n', 'app/manage.py': '' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-no-torch', level: 'info' }],
  },
  {
    name: 'a script the build context is copied to is the repository\'s, clone or not (stable-diffusion-webui-docker /docker/info.py)',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.10\nRUN git clone https://example.invalid/x.git /x && pip install flask\nCOPY . /docker\nRUN python3 /docker/info.py /x/ui.py\n', 'app/info.py': '' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-no-torch', level: 'info' }],
  },
  // stable-diffusion-webui-docker 5698c49: torch pinned first, then the cloned webui's requirements_versions.txt.
  {
    name: 'an unread install after the converted one is named: it may pin another torch over the +cpu build',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.10-slim\nRUN pip install torch==1.12.1+cu113 --extra-index-url https://download.pytorch.org/whl/cu113\nRUN git clone https://example.invalid/webui.git /w && pip install -r /w/requirements_versions.txt\n' },
    transforms: T,
    output: { 'app/Dockerfile': 'FROM python:3.10-slim\nRUN pip install torch==1.12.1+cpu --extra-index-url https://download.pytorch.org/whl/cpu\nRUN git clone https://example.invalid/webui.git /w && pip install -r /w/requirements_versions.txt\n' },
    findings: [{ code: 'torch-unread-after', level: 'info', message: 'app: after the converted installs the build runs what torch-cpu does not read (a pip install -r reads a file it does not name from the context: ' }],
  },
  // A common shape of Stable Diffusion images: the torch install is the value of an ENV, run as a command.
  {
    name: 'a RUN that runs the command held by a variable (ENV TORCH_COMMAND="pip install torch…") is named',
    files: { 'compose.yaml': COMPOSE, 'app/Dockerfile': 'FROM python:3.10\nENV TORCH_COMMAND="pip install torch==2.0.1 torchvision"\nRUN ${TORCH_COMMAND} && pip install flask\n' },
    transforms: T,
    output: {},
    findings: [{ code: 'torch-not-read', level: 'info', message: 'but RUN runs the command in ${TORCH_COMMAND} (pip install torch==2.0.1 torchvision) (app/Dockerfile:3)' }],
  },
];

describe('torch-cpu names the installs it does not read instead of claiming no torch', () => transformCases(cases));
