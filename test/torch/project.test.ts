import { describe, expect, it } from 'vitest';
import { codes, plan, project, REQ_DOCKERFILE, write } from './helpers.js';

const CPU = 'https://download.pytorch.org/whl/cpu';
const X = `--extra-index-url ${CPU}`;

describe('torch-cpu across files and services', () => {
  it('follows -r includes: the included file holding torch is the one edited', async () => {
    const dir = project({
      'app/Dockerfile': REQ_DOCKERFILE,
      'app/requirements.txt': '-r base.txt\nflask\ntimm\n',
      'app/base.txt': '-r ml.txt\n',
      'app/ml.txt': 'numpy\ntorch==2.5.1\n',
    });
    const { plan: p, out } = await plan(dir);
    expect(out).toEqual({ 'app/ml.txt': `numpy\n${X}\ntorch==2.5.1+cpu\n` });
    expect(p.changes.map((c) => `${c.file}:${c.line} ${c.what}`)).toEqual(['app/ml.txt:2 index', 'app/ml.txt:2 torch pin']);
    write(dir, out);
    expect((await plan(dir)).plan.edits).toEqual([]);
  });

  it('a dependent in an included file gets torch in that file', async () => {
    const dir = project({ 'app/Dockerfile': REQ_DOCKERFILE, 'app/requirements.txt': 'flask\n-r ml.txt\n', 'app/ml.txt': 'easyocr==1.7.1\n' });
    const { out } = await plan(dir);
    expect(out).toEqual({ 'app/ml.txt': `${X}\ntorch\neasyocr==1.7.1\n` });
  });

  it('a torch pin in a constraints file is converted, but constraints never get a torch line', async () => {
    const dir = project({
      'app/Dockerfile': REQ_DOCKERFILE,
      'app/requirements.txt': '-c constraints.txt\naccelerate\n',
      'app/constraints.txt': 'torch==2.5.1\naccelerate==0.34.0\n',
    });
    const { out } = await plan(dir);
    expect(out).toEqual({
      'app/requirements.txt': `-c constraints.txt\n${X}\ntorch\naccelerate\n`,
      'app/constraints.txt': `${X}\ntorch==2.5.1+cpu\naccelerate==0.34.0\n`,
    });
  });

  it('a file installed by two services is edited once', async () => {
    const dir = project(
      { 'ml/Dockerfile': REQ_DOCKERFILE, 'ml/requirements.txt': 'torch==2.5.1\n' },
      undefined,
      { trainer: './ml', predictor: './ml' },
    );
    const { plan: p, out } = await plan(dir);
    expect(out).toEqual({ 'ml/requirements.txt': `${X}\ntorch==2.5.1+cpu\n` });
    expect(p.edits.length).toBe(2);
    const summary = p.findings.filter((f) => f.code === 'torch-converted').map((f) => f.message);
    expect(summary).toEqual([
      'trainer: CPU-only torch: 2 changes in ml/requirements.txt',
      'predictor: CPU-only torch: shared ml/requirements.txt (planned for trainer)',
    ]);
  });

  it('policies pick services by name or glob; the first match wins', async () => {
    const files = {
      'ml-forecast/Dockerfile': REQ_DOCKERFILE,
      'ml-forecast/requirements.txt': 'torch==2.5.1\n',
      'vision/Dockerfile': REQ_DOCKERFILE,
      'vision/requirements.txt': 'torch==2.5.1\n',
      'web/Dockerfile': REQ_DOCKERFILE,
      'web/requirements.txt': 'torch==2.5.1\n',
    };
    const dir = project(files, [{ services: ['ml-*'], localVersion: false }, { services: ['vision'], index: 'primary' }], {
      'ml-forecast': './ml-forecast',
      vision: './vision',
      web: './web',
    });
    const { out } = await plan(dir);
    expect(out).toEqual({
      'ml-forecast/requirements.txt': `${X}\ntorch==2.5.1\n`,
      'vision/requirements.txt': `--index-url ${CPU}\ntorch==2.5.1+cpu\n`,
    });
  });

  it('--service limits the run', async () => {
    const dir = project(
      { 'a/Dockerfile': REQ_DOCKERFILE, 'a/requirements.txt': 'torch\n', 'b/Dockerfile': REQ_DOCKERFILE, 'b/requirements.txt': 'torch\n' },
      undefined,
      { a: './a', b: './b' },
    );
    const { out } = await plan(dir, ['b']);
    expect(Object.keys(out)).toEqual(['b/requirements.txt']);
  });

  it('reports image-only services not at all and services without torch as info', async () => {
    const dir = project({ 'app/Dockerfile': REQ_DOCKERFILE, 'app/requirements.txt': 'flask\n', 'compose.yaml': 'services:\n  app:\n    build: ./app\n  db:\n    image: postgres:16\n' });
    const { plan: p } = await plan(dir);
    expect(p.findings.map((f) => [f.service, f.level, f.code, f.message])).toEqual([
      [`${pname(dir)}/app`, 'info', 'torch-no-torch', 'app: installs no torch, torchvision or torchaudio and nothing that depends on them (app/requirements.txt, app/Dockerfile)'],
    ]);
  });

  it('guessed requirements files (unreadable Dockerfile) are never edited: a warning says what would change', async () => {
    const dir = project({ 'app/Dockerfile': 'RUN pip install -r requirements.txt\n', 'app/requirements-gpu.txt': 'torch==2.5.1+cu121\n', 'app/requirements.txt': 'torch==2.5.1\n' });
    const { plan: p, out } = await plan(dir);
    expect(out).toEqual({});
    expect(p.findings.filter((f) => f.code === 'torch-guessed').map((f) => f.message)).toEqual([
      'app: app/requirements-gpu.txt is a guess (the Dockerfile does not say which requirements file it installs): not edited; what would change: index --extra-index-url https://download.pytorch.org/whl/cpu; torch pin torch==2.5.1+cu121 → torch==2.5.1+cpu',
      'app: app/requirements.txt is a guess (the Dockerfile does not say which requirements file it installs): not edited; what would change: index --extra-index-url https://download.pytorch.org/whl/cpu; torch pin torch==2.5.1 → torch==2.5.1+cpu',
    ]);
  });

  it('a file one service guesses is still converted for the service whose Dockerfile installs it', async () => {
    const dir = project({
      'compose.yaml': 'services:\n  a:\n    build: ./a\n  b:\n    build:\n      context: ./a\n      dockerfile: Dockerfile.ok\n',
      'a/Dockerfile': 'RUN pip install -r requirements.txt\n',
      'a/Dockerfile.ok': 'FROM python:3.11\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      'a/requirements.txt': 'torch==2.5.1\n',
    });
    const { out } = await plan(dir);
    expect(out).toEqual({ 'a/requirements.txt': `${X}\ntorch==2.5.1+cpu\n` });
  });

  it('summaries per service: converted, already CPU, cannot convert', async () => {
    const dir = project(
      {
        'a/Dockerfile': REQ_DOCKERFILE,
        'a/requirements.txt': 'torch==2.5.1\n',
        'b/Dockerfile': REQ_DOCKERFILE,
        'b/requirements.txt': `${X}\ntorch\n`,
        'c/Dockerfile': REQ_DOCKERFILE,
        'c/requirements.txt': 'torch==2.5.1 --hash=sha256:abcd\n',
      },
      undefined,
      { a: './a', b: './b', c: './c' },
    );
    const { plan: p } = await plan(dir);
    const by = (s: string) => codes(p.findings.filter((f) => f.service === `${pname(dir)}/${s}`));
    expect(by('a')).toEqual(['torch-converted', 'torch-macos']);
    expect(by('b')).toEqual(['torch-already-cpu', 'torch-range-kept']);
    expect(by('c')).toEqual(['torch-hashes']);
  });
});

/** Compose project name of a temp dir: its folder name, lower-cased. */
function pname(dir: string): string {
  return dir.split('/').pop()!.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}
