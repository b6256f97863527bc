import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourceFile } from '../../src/core/source.js';
import { linkService, type ServiceLink } from '../../src/dockerfile/index.js';
import { tempProject } from '../helpers/temp-project.js';

/** Link svc/ of a temp project built from `files`; `opts` as compose would pass them. */
function link(files: Record<string, string>, opts: { target?: string; buildArgs?: Map<string, string | null> } = {}): { root: string; l: ServiceLink } {
  const root = tempProject(files);
  const context = path.join(root, 'svc');
  const l = linkService({ root, context, dockerfile: path.join(context, 'Dockerfile'), read: (abs) => readSourceFile(abs, root), ...opts });
  return { root, l };
}

/** The parts of a link these tests check, root-relative. */
function view(root: string, l: ServiceLink) {
  const rel = (p: string) => path.relative(root, p) || '.';
  return {
    requirements: l.requirements.map((r) => `${rel(r.path)} ${r.via}`),
    sources: l.sources.map(rel).sort(),
    installs: l.pipInstalls.map((i) => `${i.line} ${i.subcommand}`),
    commands: (l.stages?.commands ?? []).map((c) => `${c.line} ${c.keyword}`),
    problems: l.problems.map((p) => `${p.code}@${p.line ?? ''}`),
  };
}

const APP = { 'svc/app/main.py': 'import flask\n', 'svc/scripts/seed.py': 'import faker\n', 'svc/requirements.txt': 'flask\n' };

describe('the runtime stage and what reaches it', () => {
  it("a builder's COPY . . is not runtime source; its --prefix install copied across is installed", () => {
    const { root, l } = link({
      ...APP,
      'svc/Dockerfile': [
        'FROM python:3.12 AS builder',
        'WORKDIR /src',
        'COPY . .',
        'RUN pip install --prefix=/install -r requirements.txt',
        'CMD ["python", "scripts/seed.py"]',
        'FROM python:3.12-slim',
        'COPY --from=builder /install /usr/local',
        'COPY app/ /app/',
        'CMD ["python", "/app/main.py"]',
        '',
      ].join('\n'),
    });
    expect(view(root, l)).toEqual({
      requirements: ['svc/requirements.txt dockerfile'],
      sources: ['svc/app'],
      installs: ['4 install'],
      commands: ['4 RUN', '9 CMD'],
      problems: [],
    });
  });

  it('files a builder copies across count, and only those', () => {
    const { root, l } = link({
      ...APP,
      'svc/Dockerfile': 'FROM python AS builder\nWORKDIR /src\nCOPY . .\nFROM python\nCOPY --from=builder /src/app /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
    });
    expect(view(root, l)).toMatchObject({ sources: ['svc/app', 'svc/requirements.txt'], requirements: ['svc/requirements.txt dockerfile'] });
  });

  it("a build product copied across stands for the builder's context copies (never an empty image)", () => {
    const { root, l } = link({
      ...APP,
      'svc/Dockerfile': 'FROM python AS builder\nWORKDIR /src\nCOPY . .\nRUN python -m build\nFROM python\nCOPY --from=builder /src/dist /dist\n',
    });
    expect(view(root, l)).toMatchObject({ sources: ['svc'], problems: ['stage-build-output@6'] });
  });

  it('a file a stage has from its base image (COPY --from=uv /uv) is neither source nor a build product', () => {
    const { root, l } = link({ ...APP, 'svc/Dockerfile': 'FROM ghcr.io/astral-sh/uv:0.4 AS uv\nFROM python\nCOPY --from=uv /uv /uvx /bin/\nCOPY app/ /app/\n' });
    expect(view(root, l)).toMatchObject({ sources: ['svc/app'], problems: [] });
  });

  it("a dev stage's installs belong to it only; its code and CMD still count for the base both targets share", () => {
    const files = {
      ...APP,
      'svc/requirements-dev.txt': 'pytest\n',
      'svc/Dockerfile': [
        'FROM python:3.12 AS base',
        'COPY requirements.txt .',
        'RUN pip install -r requirements.txt',
        'FROM base AS dev',
        'COPY requirements-dev.txt .',
        'RUN pip install debugpy && pip install -r requirements-dev.txt',
        'CMD ["python", "-m", "debugpy", "app/main.py"]',
        'FROM base AS final',
        'COPY app/ /app/',
        'CMD ["python", "/app/main.py"]',
        '',
      ].join('\n'),
    };
    const last = link(files);
    expect(view(last.root, last.l)).toEqual({
      requirements: ['svc/requirements.txt dockerfile'],
      // base installs requirements.txt for dev and final alike: a removal must hold for both.
      sources: ['svc/app', 'svc/requirements-dev.txt', 'svc/requirements.txt'],
      installs: ['3 install'],
      commands: ['3 RUN', '6 RUN', '7 CMD', '10 CMD'],
      problems: ['install-not-in-runtime@6', 'install-not-in-runtime@6'],
    });
    const dev = link(files, { target: 'dev' });
    expect(view(dev.root, dev.l)).toMatchObject({
      requirements: ['svc/requirements.txt dockerfile', 'svc/requirements-dev.txt dockerfile'],
      sources: ['svc/app', 'svc/requirements-dev.txt', 'svc/requirements.txt'],
      installs: ['3 install', '6 install', '6 install'],
      commands: ['3 RUN', '6 RUN', '7 CMD', '10 CMD'],
    });
  });

  it('build.target naming no stage is reported and falls back to a guess', () => {
    const { root, l } = link({ ...APP, 'svc/Dockerfile': 'FROM python AS final\nCOPY . .\nRUN pip install -r requirements.txt\n' }, { target: 'prod' });
    expect(view(root, l)).toMatchObject({ requirements: ['svc/requirements.txt guess'], problems: ['build-target-unknown@'] });
    expect(l.guessed).toBe(true);
  });

  it.each([
    ['--user, ~/.local copied', 'RUN pip install --user -r requirements.txt', 'COPY --from=builder /root/.local /root/.local', true],
    ['--user, nothing copied', 'RUN pip install --user -r requirements.txt', 'COPY app/ /app/', false],
    ['--prefix', 'RUN pip install --prefix /install -r requirements.txt', 'COPY --from=builder /install /usr/local', true],
    ['--target', 'RUN pip install --target=/deps -r requirements.txt', 'COPY --from=builder /deps /app/deps', true],
    ['a venv on PATH', 'RUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install -r requirements.txt', 'COPY --from=builder /opt/venv /opt/venv', true],
    ['a venv activated in the same RUN', 'WORKDIR /w\nRUN python3 -m venv venv && \\\n    . venv/bin/activate && \\\n    pip install -U -r /requirements.txt', 'COPY --from=builder /w/venv /w/venv', true],
    ['a venv activated in the same RUN, another folder copied', 'WORKDIR /w\nRUN python3 -m venv venv && source venv/bin/activate && pip install -r /requirements.txt', 'COPY --from=builder /w/cache /w/cache', false],
    ['site-packages', 'RUN pip install -r requirements.txt', 'COPY --from=builder /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages', true],
    ['site-packages, only /usr/local/bin copied', 'RUN pip install -r requirements.txt', 'COPY --from=builder /usr/local/bin /usr/local/bin', false],
  ])("a builder's pip install (%s) counts when what it wrote is copied across", (_name, install, copy, counts) => {
    const { root, l } = link({ ...APP, 'svc/Dockerfile': `FROM python:3.12 AS builder\nCOPY requirements.txt .\n${install}\nFROM python:3.12-slim\n${copy}\n` });
    expect(view(root, l).requirements).toEqual(counts ? ['svc/requirements.txt dockerfile'] : []);
    expect(l.problems.some((p) => p.code === 'install-not-in-runtime')).toBe(!counts);
  });

  it.each([
    ['pip install /wheels/*', 'RUN pip install /wheels/*', true],
    ['--no-index --find-links /wheels and the wheel files', 'RUN pip install --no-index --find-links=/wheels /wheels/*.whl', true],
    ['--no-index --find-links /wheels -r', 'COPY requirements.txt .\nRUN pip install --no-index --find-links /wheels -r requirements.txt', true],
    ['wheels copied but never installed', 'RUN ls /wheels', false],
    ['a bind mount of the builder\'s wheels', 'RUN --mount=type=bind,from=builder,source=/wheels,target=/w pip install /w/*.whl', true],
  ])('pip wheel -r req.txt -w /wheels in a builder, then %s', (_name, final, counts) => {
    const { root, l } = link({
      ...APP,
      'svc/Dockerfile': `FROM python:3.12 AS builder\nCOPY . /src\nRUN pip wheel -r /src/requirements.txt -w /wheels\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels\n${final}\nCOPY app/ /app/\n`,
    });
    const v = view(root, l);
    expect(v.requirements).toEqual(counts ? ['svc/requirements.txt dockerfile'] : []);
    // The builder's `COPY . /src` never counts: only the wheels cross over.
    expect(v.sources).toEqual(final.includes('COPY requirements.txt') ? ['svc/app', 'svc/requirements.txt'] : ['svc/app']);
  });

  it('an ARG in a requirements path takes the compose build arg, not its default', () => {
    const files = { ...APP, 'svc/requirements/prod.txt': 'gunicorn\n', 'svc/Dockerfile': 'FROM python\nARG REQS=requirements.txt\nCOPY . .\nRUN pip install -r ${REQS}\n' };
    const def = link(files);
    expect(view(def.root, def.l).requirements).toEqual(['svc/requirements.txt dockerfile']);
    const set = link(files, { buildArgs: new Map([['REQS', 'requirements/prod.txt']]) });
    expect(view(set.root, set.l).requirements).toEqual(['svc/requirements/prod.txt dockerfile']);
    // Overridden with a value nobody can know: the default is only a guess (read, never edited).
    const unknown = link(files, { buildArgs: new Map([['REQS', null]]) });
    expect(view(unknown.root, unknown.l)).toMatchObject({ requirements: ['svc/requirements.txt guess'], problems: ['requirements-unresolved@4'] });
  });

  it('a global ARG used in FROM and in a stage takes the build arg too', () => {
    const { root, l } = link(
      { ...APP, 'svc/extra.txt': 'x\n', 'svc/Dockerfile': 'ARG REQS=requirements.txt\nFROM python\nARG REQS\nCOPY . .\nRUN pip install -r $REQS\n' },
      { buildArgs: new Map([['REQS', 'extra.txt']]) },
    );
    expect(view(root, l).requirements).toEqual(['svc/extra.txt dockerfile']);
  });
});
