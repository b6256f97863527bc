import { describe } from 'vitest';
import { transformCases, type TransformCase } from '../helpers/transform-tester.js';

// Representative cases of each built-in transform, written once more in the RuleTester shape: the real
// pipeline, exact bytes of every changed file, the findings that must be there, a second run a no-op.

const MISSION = 'policies:\n  - transform: memory-limits\n    when: { limit: 128M, usageAbove: 50% }\n    set: { limit: 192M }\n    reservations: scale\n    annotate: true\n';

const memory: TransformCase[] = [
  {
    name: 'own block: limit raised, reservation scaled, annotated',
    files: { 'compose.yaml': 'services:\n  api:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n        reservations:\n          memory: 64M\n' },
    config: MISSION,
    usage: { api: [70, 128] },
    output: { 'compose.yaml': 'services:\n  api:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 192M  # Increased from 128M (was at 55% usage)\n        reservations:\n          memory: 96M\n' },
    changes: ['memory-limit', 'memory-reservation'],
  },
  {
    name: 'anchor shared by services that all get the same value: the anchor is edited once',
    files: { 'compose.yaml': 'x-svc: &svc\n  deploy:\n    resources:\n      limits:\n        memory: 128M\n\nservices:\n  a:\n    <<: *svc\n    image: a\n  b:\n    <<: *svc\n    image: b\n' },
    config: MISSION,
    usage: { a: [70, 128], b: [68, 128] },
    output: { 'compose.yaml': 'x-svc: &svc\n  deploy:\n    resources:\n      limits:\n        memory: 192M  # Increased from 128M (was at 55% usage)\n\nservices:\n  a:\n    <<: *svc\n    image: a\n  b:\n    <<: *svc\n    image: b\n' },
  },
  {
    name: 'CRLF file without final newline stays so',
    files: { 'compose.yaml': 'services:\r\n  a:\r\n    mem_limit: 128M\r\n    mem_reservation: 64M' },
    config: MISSION,
    usage: { a: [70, 128] },
    output: { 'compose.yaml': 'services:\r\n  a:\r\n    mem_limit: 192M  # Increased from 128M (was at 55% usage)\r\n    mem_reservation: 96M' },
  },
  {
    name: 'under the threshold: nothing changes',
    files: { 'compose.yaml': 'services:\n  a:\n    mem_limit: 128M\n' },
    config: MISSION,
    usage: { a: [60, 128] },
    output: {},
  },
  {
    name: '`services:` selects; the old `when.service` still works, with a deprecation note',
    files: { 'compose.yaml': 'services:\n  api:\n    mem_limit: 128M\n  web:\n    mem_limit: 128M\n' },
    config: 'policies:\n  - transform: memory-limits\n    when: { service: [api] }\n    set: { limit: 256M }\n',
    usage: { api: [70, 128], web: [70, 128] },
    output: { 'compose.yaml': 'services:\n  api:\n    mem_limit: 256M\n  web:\n    mem_limit: 128M\n' },
    findings: [{ code: 'deprecated-option', level: 'info' }],
  },
  {
    name: '`services:` glob selects the services a policy applies to',
    files: { 'compose.yaml': 'services:\n  api-1:\n    mem_limit: 128M\n  web:\n    mem_limit: 128M\n' },
    config: 'policies:\n  - transform: memory-limits\n    services: ["api-*"]\n    set: { limit: 256M }\n',
    usage: { 'api-1': [70, 128], web: [70, 128] },
    output: { 'compose.yaml': 'services:\n  api-1:\n    mem_limit: 256M\n  web:\n    mem_limit: 128M\n' },
  },
];

const DF = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n';
const deps = (req: string): Record<string, string> => ({ 'compose.yaml': 'services:\n  svc:\n    build: ./svc\n', 'svc/Dockerfile': DF, 'svc/requirements.txt': req, 'svc/main.py': 'import requests\n' });

const unused: TransformCase[] = [
  { name: 'removes an unused line', files: deps('requests==2.32.3\npandas==2.2.3\nflask\n'), transforms: ['unused-deps'], output: { 'svc/requirements.txt': 'requests==2.32.3\n' }, findings: ['dep-unused'], changes: ['requirement-removed', 'requirement-removed'] },
  { name: 'keeps CRLF line endings', files: deps('requests\r\npandas\r\n# tail\r\n'), transforms: ['unused-deps'], output: { 'svc/requirements.txt': 'requests\r\n# tail\r\n' }, findings: ['dep-unused'] },
  { name: 'a last line without a final newline keeps the file without one', files: deps('requests\npandas'), transforms: ['unused-deps'], output: { 'svc/requirements.txt': 'requests' }, findings: ['dep-unused'] },
  { name: 'inline ignore keeps the line', files: deps('requests\npandas  # composeshift: ignore\nscipy\n'), transforms: ['unused-deps'], output: { 'svc/requirements.txt': 'requests\npandas  # composeshift: ignore\n' }, findings: ['dep-unused'] },
  { name: 'a policy that selects no service removes nothing', files: deps('requests\npandas\n'), config: 'policies:\n  - transform: unused-deps\n    services: [other]\n', output: {} },
];

const CPU = 'https://download.pytorch.org/whl/cpu';
const REQ_DF = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
const torch = (req: string): Record<string, string> => ({ 'compose.yaml': 'services:\n  app:\n    build: ./app\n', 'app/Dockerfile': REQ_DF, 'app/requirements.txt': req });

const torchCpu: TransformCase[] = [
  { name: 'pinned torch: CPU index and +cpu', files: torch('flask==3.0.0\ntorch==2.5.1\n'), transforms: ['torch-cpu'], output: { 'app/requirements.txt': `flask==3.0.0\n--extra-index-url ${CPU}\ntorch==2.5.1+cpu\n` }, findings: ['torch-converted', { code: 'torch-macos', level: 'warn' }], changes: ['torch-index', 'requirement-pin'] },
  { name: 'cu121 extra index is replaced, CRLF kept', files: torch('--extra-index-url https://download.pytorch.org/whl/cu121\r\ntorch==2.4.0+cu121\r\n'), transforms: ['torch-cpu'], output: { 'app/requirements.txt': `--extra-index-url ${CPU}\r\ntorch==2.4.0+cpu\r\n` }, findings: ['torch-macos'] },
  { name: 'already CPU: nothing changes', files: torch(`--extra-index-url ${CPU}\ntorch==2.5.1+cpu\n`), transforms: ['torch-cpu'], output: {}, findings: ['torch-already-cpu', 'torch-macos'] },
];

describe('memory-limits (transform tester)', () => transformCases(memory));
describe('unused-deps (transform tester)', () => transformCases(unused));
describe('torch-cpu (transform tester)', () => transformCases(torchCpu));
