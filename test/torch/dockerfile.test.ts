import { describe, expect, it } from 'vitest';
import { codes, plan, project, write } from './helpers.js';

const CPU = 'https://download.pytorch.org/whl/cpu';
const X = `--extra-index-url ${CPU}`;
const FROM = 'FROM python:3.11-slim\n';

/** [title, policy options, input Dockerfile, exact expected Dockerfile, finding codes that must be present]. */
type Case = [string, Record<string, unknown> | undefined, string, string, string[]?];

const CASES: Case[] = [
  ['single line', undefined, `${FROM}RUN pip install torch==2.5.1 numpy\n`, `${FROM}RUN pip install ${X} torch==2.5.1+cpu numpy\n`, ['torch-converted']],
  [
    'continuation lines',
    undefined,
    `${FROM}RUN pip install --no-cache-dir \\\n    torch==2.5.1 \\\n    torchvision==0.20.1 \\\n    pillow\n`,
    `${FROM}RUN pip install ${X} --no-cache-dir \\\n    torch==2.5.1+cpu \\\n    torchvision==0.20.1+cpu \\\n    pillow\n`,
  ],
  [
    '&& chain, double quotes kept',
    undefined,
    `${FROM}RUN apt-get update && pip install "torch==2.5.1" && rm -rf /root/.cache\n`,
    `${FROM}RUN apt-get update && pip install ${X} "torch==2.5.1+cpu" && rm -rf /root/.cache\n`,
  ],
  ['single quotes kept, range', undefined, `${FROM}RUN pip install 'torch>=2.3,<2.6'\n`, `${FROM}RUN pip install ${X} 'torch>=2.3,<2.6'\n`, ['torch-range-kept']],
  ['python -m pip', undefined, `${FROM}RUN python3 -m pip install --upgrade torch\n`, `${FROM}RUN python3 -m pip install ${X} --upgrade torch\n`],
  ['uv pip', undefined, `${FROM}RUN uv pip install --system torch==2.5.1\n`, `${FROM}RUN uv pip install ${X} --system torch==2.5.1+cpu\n`],
  [
    'exec form',
    undefined,
    `${FROM}RUN ["pip", "install", "torch==2.5.1", "numpy"]\n`,
    `${FROM}RUN ["pip", "install", "--extra-index-url", "${CPU}", "torch==2.5.1+cpu", "numpy"]\n`,
  ],
  [
    'exec form with a shell script',
    undefined,
    `${FROM}RUN ["sh", "-c", "pip install torch==2.5.1"]\n`,
    `${FROM}RUN ["sh", "-c", "pip install ${X} torch==2.5.1+cpu"]\n`,
  ],
  [
    'multi-stage: a stage the runtime image never uses is left alone',
    undefined,
    `FROM python:3.11 AS build\nRUN pip wheel --wheel-dir /w torch==2.5.1\n\nFROM python:3.11-slim\nRUN pip install torch==2.5.1 && pip install flask\n`,
    `FROM python:3.11 AS build\nRUN pip wheel --wheel-dir /w torch==2.5.1\n\nFROM python:3.11-slim\nRUN pip install ${X} torch==2.5.1+cpu && pip install flask\n`,
  ],
  [
    'multi-stage: the wheels a final stage installs are built on the CPU index',
    undefined,
    `FROM python:3.11 AS build\nRUN pip wheel --wheel-dir /w torch==2.5.1\n\nFROM python:3.11-slim\nCOPY --from=build /w /w\nRUN pip install --no-index --find-links /w /w/*.whl && pip install flask\n`,
    `FROM python:3.11 AS build\nRUN pip wheel ${X} --wheel-dir /w torch==2.5.1+cpu\n\nFROM python:3.11-slim\nCOPY --from=build /w /w\nRUN pip install --no-index --find-links /w /w/*.whl && pip install flask\n`,
  ],
  ['heredoc', undefined, `${FROM}RUN <<EOF\nset -e\npip install torch==2.5.1\nEOF\n`, `${FROM}RUN <<EOF\nset -e\npip install ${X} torch==2.5.1+cpu\nEOF\n`],
  ['sudo and pip3', undefined, `${FROM}RUN sudo -H pip3 install torchaudio==2.5.1\n`, `${FROM}RUN sudo -H pip3 install ${X} torch torchaudio==2.5.1+cpu\n`],
  ['CRLF', undefined, `FROM python:3.11\r\nRUN pip install \\\r\n  torch==2.5.1\r\n`, `FROM python:3.11\r\nRUN pip install ${X} \\\r\n  torch==2.5.1+cpu\r\n`],
  ['CUDA label', undefined, `${FROM}RUN pip install torch==2.4.0+cu121\n`, `${FROM}RUN pip install ${X} torch==2.4.0+cpu\n`],
  ['no markers in images', { platformMarker: true }, `${FROM}RUN pip install torch==2.5.1\n`, `${FROM}RUN pip install ${X} torch==2.5.1+cpu\n`],
  [
    'cu121 --index-url: value replaced, option kept',
    undefined,
    `${FROM}RUN pip install torch==2.4.0+cu121 --index-url https://download.pytorch.org/whl/cu121\n`,
    `${FROM}RUN pip install torch==2.4.0+cpu --index-url ${CPU}\n`,
    ['torch-primary-index'],
  ],
  [
    '-f find-links replaced',
    undefined,
    `${FROM}RUN pip install torch==1.13.1+cu117 -f https://download.pytorch.org/whl/torch_stable.html\n`,
    `${FROM}RUN pip install torch==1.13.1+cpu ${X}\n`,
  ],
  [
    'quoted CUDA index value keeps its quotes',
    undefined,
    `${FROM}RUN pip install --extra-index-url "https://download.pytorch.org/whl/cu118" torch\n`,
    `${FROM}RUN pip install --extra-index-url "${CPU}" torch\n`,
  ],
  [
    'exec form, glued CUDA index',
    undefined,
    `${FROM}RUN ["pip", "install", "--extra-index-url=https://download.pytorch.org/whl/cu121", "torch"]\n`,
    `${FROM}RUN ["pip", "install", "--extra-index-url=${CPU}", "torch"]\n`,
  ],
  ['index: primary', { index: 'primary' }, `${FROM}RUN pip install torch\n`, `${FROM}RUN pip install --index-url ${CPU} torch\n`, ['torch-primary-index']],
  ['localVersion false', { localVersion: false }, `${FROM}RUN pip install torch==2.5.1\n`, `${FROM}RUN pip install ${X} torch==2.5.1\n`],
  // transitive
  ['sentence-transformers gets torch', undefined, `${FROM}RUN pip install sentence-transformers==3.0.1\n`, `${FROM}RUN pip install ${X} torch sentence-transformers==3.0.1\n`],
  ['pinned transitive torch', { version: '2.5.1' }, `${FROM}RUN pip install -U "timm"\n`, `${FROM}RUN pip install ${X} -U torch==2.5.1+cpu "timm"\n`],
  [
    'exec form transitive',
    undefined,
    `${FROM}RUN ["pip", "install", "accelerate"]\n`,
    `${FROM}RUN ["pip", "install", "--extra-index-url", "${CPU}", "torch", "accelerate"]\n`,
  ],
  [
    'torch in an earlier RUN covers a later dependent',
    undefined,
    `${FROM}RUN pip install torch==2.5.1\nRUN pip install timm\n`,
    `${FROM}RUN pip install ${X} torch==2.5.1+cpu\nRUN pip install timm\n`,
  ],
  [
    'a dependent before torch gets its own',
    undefined,
    `${FROM}RUN pip install timm\nRUN pip install torch==2.5.1\n`,
    `${FROM}RUN pip install ${X} torch timm\nRUN pip install ${X} torch==2.5.1+cpu\n`,
  ],
];

describe('torch-cpu on Dockerfile pip installs', () => {
  it.each(CASES)('%s', async (_title, options, input, expected, must = []) => {
    const dir = project({ 'app/Dockerfile': input }, options ? [options] : undefined);
    const { plan: p, out } = await plan(dir);
    expect(out).toEqual({ 'app/Dockerfile': expected });
    for (const c of must) expect(codes(p.findings)).toContain(c);
    write(dir, out);
    expect((await plan(dir)).plan.edits).toEqual([]);
  });

  it.each([
    ['already CPU', `${FROM}RUN pip install ${X} torch==2.5.1+cpu\n`, ['torch-already-cpu']],
    ['no torch', `${FROM}RUN pip install flask\n`, ['torch-no-torch']],
    ['variable package', `${FROM}ARG TORCH=torch\nRUN pip install $TORCH\n`, ['torch-no-torch']],
  ])('%s: no edits', async (_title, input, expected) => {
    const { plan: p, out } = await plan(project({ 'app/Dockerfile': input }));
    expect(out).toEqual({});
    expect(codes(p.findings)).toEqual(expected);
  });

  it('an install of a requirements file drops its CUDA index when the file has torch', async () => {
    const dir = project({
      'app/Dockerfile': `${FROM}COPY requirements.txt .\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cu121 -r requirements.txt\n`,
      'app/requirements.txt': 'torch==2.5.1\n',
    });
    const { out } = await plan(dir);
    expect(out).toEqual({
      'app/Dockerfile': `${FROM}COPY requirements.txt .\nRUN pip install ${X} -r requirements.txt\n`,
      'app/requirements.txt': `${X}\ntorch==2.5.1+cpu\n`,
    });
    write(dir, out);
    expect((await plan(dir)).plan.edits).toEqual([]);
  });

  it('a torch dependent in a requirements file is covered by an earlier inline torch', async () => {
    const dir = project({
      'app/Dockerfile': `${FROM}RUN pip install torch==2.5.1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n`,
      'app/requirements.txt': 'sentence-transformers\n',
    });
    const { out } = await plan(dir);
    expect(out).toEqual({ 'app/Dockerfile': `${FROM}RUN pip install ${X} torch==2.5.1+cpu\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n` });
  });
});
