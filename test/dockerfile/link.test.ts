import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSourceFile } from '../../src/core/source.js';
import { linkService, type ServiceLink } from '../../src/dockerfile/index.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A temp root with the given files; the service context is `<root>/svc`. */
function link(files: Record<string, string>, dockerfile = 'svc/Dockerfile'): { root: string; link: ServiceLink } {
  const root = mkdtempSync(path.join(tmpdir(), 'composeshift-link-'));
  roots.push(root);
  mkdirSync(path.join(root, 'svc'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  const context = path.join(root, 'svc');
  const read = (abs: string) => readSourceFile(abs, root);
  return { root, link: linkService({ root, context, dockerfile: path.join(root, dockerfile), read }) };
}

/** The link with absolute paths made root-relative, and models left out. */
function view(root: string, l: ServiceLink) {
  const rel = (p: string) => path.relative(root, p) || '.';
  return {
    requirements: l.requirements.map((r) =>
      [rel(r.path), r.via, r.kind, r.dockerfileLine ?? (r.includedFrom && `${rel(r.includedFrom.path)}:${r.includedFrom.line}`)].filter((x) => x !== undefined).join(' '),
    ),
    sources: l.sources.map(rel),
    guessed: l.guessed,
    problems: l.problems.map((p) => `${p.code}${p.line ? `@${p.line}` : ''}`),
    errors: l.errors.length,
    pipInstalls: l.pipInstalls.length,
    node: l.nodePackageJson && rel(l.nodePackageJson),
  };
}

describe('linkService', () => {
  it('follows COPY + WORKDIR + pip install -r, then includes and constraints', () => {
    const { root, link: l } = link({
      'svc/Dockerfile': 'FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ ./src/\nCOPY *.py ./\n',
      'svc/requirements.txt': 'flask\n-r base.txt\n-c ../constraints.txt\n',
      'svc/base.txt': '-r base.txt\nrequests\n',
      'constraints.txt': 'flask==3.0.0\n',
      'svc/src/x.py': '',
      'svc/app.py': '',
      'svc/wsgi.py': '',
    });
    expect(view(root, l)).toEqual({
      requirements: ['svc/requirements.txt dockerfile requirement 4', 'svc/base.txt include requirement svc/requirements.txt:2', 'constraints.txt include constraint svc/requirements.txt:3'],
      sources: ['svc/requirements.txt', 'svc/src', 'svc/app.py', 'svc/wsgi.py'],
      guessed: false,
      problems: ['include-cycle@1'],
      errors: 1,
      pipInstalls: 1,
      node: undefined,
    });
    expect(l.dockerfile?.model.stages).toHaveLength(1);
  });

  it('keeps requirements of a builder stage that installs to wheels for the final stage', () => {
    const { root, link: l } = link({
      'svc/Dockerfile': [
        'FROM python:3.11 AS builder',
        'COPY requirements.txt /tmp/',
        'RUN pip wheel --wheel-dir /wheels -r /tmp/requirements.txt',
        'FROM python:3.11-slim',
        'COPY --from=builder /wheels /wheels',
        'RUN pip install --no-index --find-links=/wheels /wheels/*.whl',
        '',
      ].join('\n'),
      'svc/requirements.txt': 'numpy\n',
    });
    expect(view(root, l)).toMatchObject({ requirements: ['svc/requirements.txt dockerfile requirement 3'], problems: [], pipInstalls: 2 });
  });

  it('maps bind mounts and COPY --from chains; a package.json no stage copies is not recorded', () => {
    const { root, link: l } = link({
      'svc/Dockerfile': [
        'FROM python AS src',
        'COPY reqs /r',
        'FROM python',
        'RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \\',
        '    --mount=type=cache,target=/root/.cache pip install -r /tmp/requirements.txt',
        'COPY --from=src /r/dev.txt /dev.txt',
        'RUN pip install -r /dev.txt',
      ].join('\r\n'),
      'svc/requirements.txt': 'a\n',
      'svc/reqs/dev.txt': 'b\n',
      'svc/package.json': '{}',
    });
    expect(view(root, l)).toMatchObject({
      requirements: ['svc/requirements.txt dockerfile requirement 4', 'svc/reqs/dev.txt dockerfile requirement 7'],
      // Only the file copied across counts, not the whole folder the source stage holds.
      sources: ['svc/reqs/dev.txt'],
      problems: [],
      // No stage copies svc/package.json: it is no manifest of this image (issue 8, class 7).
      node: undefined,
    });
  });

  it('reports includes that leave the root, with the InputError', () => {
    const { root, link: l } = link({
      'svc/Dockerfile': 'FROM python\nCOPY . .\nRUN pip install -r requirements.txt\n',
      'svc/requirements.txt': '-r ../../outside.txt\n',
    });
    expect(view(root, l)).toMatchObject({ requirements: ['svc/requirements.txt dockerfile requirement 3'], problems: ['include-outside-root@1'], errors: 1, sources: ['svc'] });
    expect(l.errors[0]!.format()).toContain('svc/requirements.txt:1:4');
  });

  it('notes pyproject installs, files the build makes, and URL requirement files', () => {
    const { root, link: l } = link({
      'svc/Dockerfile': 'FROM python\nCOPY . .\nRUN pip install .\nRUN poetry export -o r.txt && pip install -r r.txt -r https://e.com/r.txt\n',
      'svc/pyproject.toml': '',
    });
    expect(view(root, l)).toMatchObject({ requirements: [], guessed: false, problems: ['pyproject-install@3', 'requirements-not-in-context@4', 'requirements-unresolved@4'] });
  });

  const guessFiles = { 'svc/requirements.txt': 'a\n', 'svc/requirements-dev.txt': '-r requirements.txt\nb\n', 'svc/requirements/base.txt': 'c\n', 'svc/other.txt': 'd\n' };
  const guessed = ['svc/requirements-dev.txt guess requirement', 'svc/requirements.txt include requirement svc/requirements-dev.txt:1', 'svc/requirements/base.txt guess requirement'];

  it('guesses requirements*.txt when there is no Dockerfile', () => {
    const { root, link: l } = link(guessFiles);
    expect(view(root, l)).toMatchObject({ requirements: guessed, sources: [], guessed: true, problems: ['dockerfile-unreadable'] });
    expect(l.dockerfile).toBeUndefined();
  });

  it('guesses when the Dockerfile is a template it cannot understand', () => {
    const { root, link: l } = link({ ...guessFiles, 'svc/Dockerfile': 'FROM python\n{% if gpu %}\nRUN pip install -r requirements-gpu.txt\n{% endif %}\n' });
    expect(view(root, l)).toMatchObject({ requirements: guessed, guessed: true, problems: ['dockerfile-not-understood@2', 'dockerfile-not-understood@4'] });
  });

  it('guesses when a RUN with pip cannot be read and nothing else was found', () => {
    const { root, link: l } = link({ ...guessFiles, 'svc/Dockerfile': 'FROM python\nCOPY . .\nRUN pip install -r "requirements.txt\n' });
    expect(view(root, l)).toMatchObject({ requirements: guessed, guessed: true, sources: [], problems: ['unparseable-run@3'] });
  });

  it('says so when there is nothing to guess', () => {
    const { root, link: l } = link({});
    expect(view(root, l)).toMatchObject({ requirements: [], guessed: true, problems: ['dockerfile-unreadable', 'no-requirements-guess'] });
  });
});
