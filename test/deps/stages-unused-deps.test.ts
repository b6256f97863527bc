import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { loadProject } from '../../src/project/load.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

/** One service `svc` built from svc/; `seed.py` (not in the runtime image) imports boto3. */
function repo(dockerfile: string, files: Record<string, string> = {}, build = './svc'): string {
  return tempProject({
    'compose.yaml': `services:\n  svc:\n    build: ${build}\n`,
    'svc/Dockerfile': dockerfile,
    'svc/requirements.txt': 'flask==3.0.3\nboto3==1.35.0\n',
    'svc/app/main.py': 'import flask\n',
    'svc/scripts/seed.py': 'import boto3\n',
    ...files,
  });
}

const removals = async (dir: string) => (await planFiles(dir, { transforms: ['unused-deps'] })).out;

describe('unused-deps reads the runtime stage', () => {
  it("a builder's COPY . . is not runtime source: what only it holds is unused (exact bytes)", async () => {
    const dir = repo('FROM python:3.12 AS builder\nWORKDIR /src\nCOPY . .\nRUN pip install --prefix=/install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=builder /install /usr/local\nCOPY app/ /app/\nCMD ["python", "/app/main.py"]\n');
    expect(await removals(dir)).toEqual({ 'svc/requirements.txt': 'flask==3.0.3\n' });
  });

  it('pip wheel -r + pip install /wheels/*: the file is installed and judged (exact bytes)', async () => {
    const dir = repo('FROM python:3.12 AS builder\nCOPY . /src\nRUN pip wheel -r /src/requirements.txt -w /wheels\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels\nRUN pip install --no-index --find-links /wheels /wheels/*\nCOPY app/ /app/\nCMD ["python", "/app/main.py"]\n');
    expect(await removals(dir)).toEqual({ 'svc/requirements.txt': 'flask==3.0.3\n' });
  });

  it('a builder install whose result is never copied across is not judged (nothing removed)', async () => {
    const dir = repo('FROM python:3.12 AS builder\nCOPY requirements.txt .\nRUN pip install --user -r requirements.txt\nFROM python:3.12-slim\nCOPY app/ /app/\nCMD ["python", "/app/main.py"]\n');
    expect(await removals(dir)).toEqual({});
  });

  it('--user in a builder with ~/.local copied across counts as installed (exact bytes)', async () => {
    const dir = repo('FROM python:3.12 AS builder\nCOPY requirements.txt .\nRUN pip install --user -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=builder /root/.local /root/.local\nCOPY app/ /app/\nCMD ["python", "/app/main.py"]\n');
    expect(await removals(dir)).toEqual({ 'svc/requirements.txt': 'flask==3.0.3\n' });
  });

  const STAGED = [
    'FROM python:3.12-slim AS base',
    'WORKDIR /app',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt',
    'FROM base AS dev',
    'RUN pip install debugpy watchdog',
    'COPY . .',
    'CMD ["python", "-m", "debugpy", "--listen", "5678", "scripts/seed.py"]',
    'FROM base AS final',
    'COPY app/ /app/',
    'CMD ["python", "/app/main.py"]',
    '',
  ].join('\n');

  it("without a target the final stage runs: the dev stage's inline installs are not the service's", () => {
    const dir = repo(STAGED);
    const a = analyzeProject(loadProject({ root: dir }))[0]!;
    // debugpy and watchdog are not declared; boto3 stays used: base installs requirements.txt for the dev image
    // too, whose code (scripts/seed.py) imports it.
    expect(a.findings.map((f) => `${f.package} ${f.class}`)).toEqual(['flask used', 'boto3 used']);
    expect(a.notes.some((n) => n.includes('pip install at line 6 is not read'))).toBe(true);
  });

  it("build.target: dev judges the dev stage's inline installs against its own code and CMD", async () => {
    const dir = repo(STAGED, {}, '\n      context: ./svc\n      target: dev');
    const a = analyzeProject(loadProject({ root: dir }))[0]!;
    const byPkg = new Map(a.findings.map((f) => [f.package, f.class]));
    expect([byPkg.get('flask'), byPkg.get('boto3'), byPkg.get('debugpy')]).toEqual(['used', 'used', 'cli']);
    // The dev stage copies scripts/seed.py, which imports boto3: nothing to remove.
    expect(await removals(dir)).toEqual({});
  });

  it('a dev target whose code is a compose bind mount, not a COPY: the mounted code is read (nothing removed)', async () => {
    const df = 'FROM python:3.12-slim AS dev\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python", "app/main.py"]\n';
    const dir = repo(df, {}, '\n      context: ./svc\n      target: dev\n    volumes:\n      - ./svc:/app\n      - data:/data\n      - /etc:/host-etc:ro');
    expect(await removals(dir)).toEqual({});
  });

  it('build.args (map form, ${VAR} from .env) name the file judged; the ARG default is left alone (exact bytes)', async () => {
    const df = 'FROM python:3.12-slim\nARG REQS=requirements.txt\nCOPY . .\nRUN pip install -r ${REQS}\nCMD ["python", "app/main.py"]\n';
    const dir = repo(df, { '.env': 'FLAVOUR=prod\n', 'svc/requirements-prod.txt': 'flask==3.0.3\nredis==5.0.8\n', 'svc/scripts/seed.py': '' }, '\n      context: ./svc\n      args:\n        REQS: requirements-${FLAVOUR}.txt');
    expect(await removals(dir)).toEqual({ 'svc/requirements-prod.txt': 'flask==3.0.3\n' });
  });

  it('a build arg that cannot be resolved: the ARG default is only a guess, nothing is removed from it', async () => {
    const df = 'FROM python:3.12-slim\nARG REQS=requirements.txt\nCOPY . .\nRUN pip install -r ${REQS}\nCMD ["python", "app/main.py"]\n';
    const dir = repo(df, { 'svc/scripts/seed.py': '' }, '\n      context: ./svc\n      args:\n        - REQS=${COMPOSESHIFT_TEST_NEVER_SET}');
    expect(await removals(dir)).toEqual({});
    const a = analyzeProject(loadProject({ root: dir }))[0]!;
    expect(a.notes.filter((n) => /requirements-unresolved|cannot tell which file|build.args REQS/.test(n)).length).toBe(2);
  });
});
