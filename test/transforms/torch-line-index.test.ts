import { describe, expect, it } from 'vitest';
import { runCase, transformCases, type TransformCase } from '../helpers/transform-tester.js';

// An index option written on a requirement line (`torch==2.1.2+cu118 --index-url …/cu118`, kohya_ss;
// `torch; --index-url …/cpu; sys_platform == "darwin"`, openedai-speech) is read by pip and thrown away: only
// --hash, --global-option and --config-settings apply to one requirement (pip 23.2 req_file.py,
// handle_requirement_line; checked with its parse_requirements: the finder's indexes stay PyPI's). uv refuses the
// line. So such a line is never on the index it names, never resets the file's indexes, never blocks with
// --no-index, and is reported at file:line.

const CPU = 'https://download.pytorch.org/whl/cpu';
const CU118 = 'https://download.pytorch.org/whl/cu118';
const X = `--extra-index-url ${CPU}`;
const T = ['torch-cpu'];
const COMPOSE = 'services:\n  app:\n    build: ./app\n';
const df = (install = 'pip install -r requirements.txt'): string => `FROM python:3.11-slim\nCOPY requirements.txt .\nRUN ${install}\n`;
const one = (reqs: string, install?: string): Record<string, string> => ({ 'compose.yaml': COMPOSE, 'app/Dockerfile': df(install), 'app/requirements.txt': reqs });
const ignored = (line: number, more: RegExp | string = 'pip ignores'): { code: string; level: 'warn'; message: RegExp } => ({
  code: 'torch-line-index-ignored',
  level: 'warn',
  message: new RegExp(`^app: app/requirements\\.txt:${line}: ${typeof more === 'string' ? more.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : more.source}`),
});

const OPENEDAI = `fastapi
torch; sys_platform != "darwin"
torchaudio; sys_platform != "darwin"
# for MPS accelerated torch on Mac
torch; --index-url ${CPU}; sys_platform == "darwin"
torchaudio; --index-url ${CPU}; sys_platform == "darwin"
`;

const cases: TransformCase[] = [
  {
    name: 'kohya_ss shape: a CUDA index on the torch line is ignored by pip; the file gets its own CPU index line, the pins +cpu',
    files: one(`torch==2.1.2+cu118 --index-url ${CU118}\ntorchvision==0.16.2+cu118 --index-url ${CU118}\nnumpy==1.26.4\n`),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.1.2+cpu --index-url ${CU118}\ntorchvision==0.16.2+cpu --index-url ${CU118}\nnumpy==1.26.4\n` },
    findings: [ignored(1, `pip ignores --index-url ${CU118} written on the requirement line`), ignored(2), 'torch-macos'],
  },
  {
    name: 'a CPU index written on the +cpu torch line is not the file\'s: pip would look for 2.5.1+cpu on PyPI only, so the index line is added',
    files: one(`torch==2.5.1+cpu --extra-index-url ${CPU}\n`),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu --extra-index-url ${CPU}\n` },
    findings: [ignored(1, `pip ignores --extra-index-url ${CPU} written on the requirement line (only --hash, --global-option and --config-settings apply to one requirement): it reads "torch==2.5.1+cpu"`), 'torch-macos'],
  },
  {
    name: 'a CUDA --index-url on a requirement line does not reset the CPU index the pip command passes: nothing to change',
    files: one(`torch==2.5.1 --index-url https://download.pytorch.org/whl/cu121\n`, `pip install ${X} -r requirements.txt`),
    transforms: T,
    output: {},
    findings: [ignored(1), { code: 'torch-cpu-on-command', level: 'info' }, 'torch-already-cpu'],
  },
  {
    name: 'openedai-speech shape: "torch; --index-url …/cpu; sys_platform == \\"darwin\\"" is "torch;" to pip, on every platform',
    files: one(OPENEDAI),
    transforms: T,
    output: { 'app/requirements.txt': OPENEDAI.replace('torch; sys_platform', `${X}\ntorch; sys_platform`) },
    findings: [
      ignored(5, `pip ignores --index-url ${CPU}; written on the requirement line (only --hash, --global-option and --config-settings apply to one requirement): it reads "torch;" and looks for it on the file's and the command's indexes only; it also reads past sys_platform == "darwin", so the line has no marker and applies on every platform`),
      ignored(6, 'pip ignores'),
    ],
  },
  {
    name: '--no-index on a requirement line does not block: pip reads PyPI and the file\'s indexes as usual',
    files: one('torch==2.5.1 --no-index\n'),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu --no-index\n` },
    findings: [ignored(1, 'pip ignores --no-index written on the requirement line'), 'torch-macos'],
  },
  {
    name: '--require-hashes on a requirement line is ignored too: not a hashed file',
    files: one('torch==2.5.1 --require-hashes\n'),
    transforms: T,
    output: { 'app/requirements.txt': `${X}\ntorch==2.5.1+cpu --require-hashes\n` },
    findings: ['torch-macos'],
  },
  {
    name: 'a ROCm index written on the torch line (openedai-speech requirements-rocm.txt): the writer chose ROCm, left alone, and told pip ignores it',
    files: one('torch; --index-url https://download.pytorch.org/whl/rocm5.7; sys_platform == "linux"\n'),
    transforms: T,
    output: {},
    findings: [{ code: 'torch-accelerator', level: 'info', message: 'the PyTorch index https://download.pytorch.org/whl/rocm5.7 (ROCm/XPU' }, ignored(1, 'pip ignores --index-url https://download.pytorch.org/whl/rocm5.7;')],
  },
  {
    name: 'uv refuses an index option after a requirement: nothing is converted',
    files: one(`torch==2.5.1 --index-url ${CU118}\n`, 'uv pip install --system -r requirements.txt'),
    transforms: T,
    output: {},
    findings: [ignored(1, `--index-url ${CU118} is written on a requirement line, which uv refuses`)],
  },
  {
    name: 'an index option on a line that is not torch\'s is not torch-cpu\'s business',
    files: one(`foo --index-url https://example.org/simple\ntorch==2.5.1\n`),
    transforms: T,
    output: { 'app/requirements.txt': `foo --index-url https://example.org/simple\n${X}\ntorch==2.5.1+cpu\n` },
    findings: ['torch-macos'],
  },
];

describe('torch-cpu: index options written on a requirement line', () => {
  transformCases(cases);

  it('the warning carries the file and line', async () => {
    const plan = await runCase(cases[0]!);
    const found = plan.findings.filter((f) => f.code === 'torch-line-index-ignored').map((f) => [f.file, f.line, f.service]);
    expect(found).toStrictEqual([
      ['app/requirements.txt', 1, 'p/app'],
      ['app/requirements.txt', 2, 'p/app'],
    ]);
  });
});
