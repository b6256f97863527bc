import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInputs, interpolate } from '../../src/compose/build-args.js';
import { loadProject } from '../../src/project/load.js';
import { tempProject } from '../helpers/temp-project.js';

const env = new Map([
  ['A', 'a'],
  ['EMPTY', ''],
]);

describe('compose interpolation of build inputs', () => {
  it.each([
    ['${A}', 'a'],
    ['$A/x', 'a/x'],
    ['${B:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${A:+alt}', 'alt'],
    ['${B:+alt}', ''],
    ['$${A}', '${A}'],
    ['${B:-${A}}', 'a'],
    ['${B}', undefined],
    ['${B:?needed}', undefined],
    ['${EMPTY:?needed}', undefined],
  ])('%s → %s', (text, want) => {
    expect(interpolate(text, env)).toBe(want);
  });

  it('list and map forms; a bare key takes the variable, or is left out when unset', () => {
    expect(buildInputs({ args: ['REQS=req/${A}.txt', 'A', 'NOPE', 'X=${B}'], target: 'prod' }, env)).toEqual({
      args: new Map<string, string | null>([['REQS', 'req/a.txt'], ['A', 'a'], ['X', null]]),
      target: { value: 'prod' },
      unresolved: ['build.args X=${B} (B not set)'],
    });
    expect(buildInputs({ args: { REQS: '${A:-x}.txt', A: null, N: 2 } }, env).args).toEqual(new Map([['REQS', 'a.txt'], ['A', 'a'], ['N', '2']]));
    expect(buildInputs({ target: '${T}' }, env)).toMatchObject({ target: {}, unresolved: ['build.target ${T} (T not set)'] });
  });
});

const DF = 'FROM python:3.12 AS base\nARG REQS=requirements.txt\nCOPY . .\nRUN pip install -r ${REQS}\nFROM base AS dev\nRUN pip install -r requirements-dev.txt\nFROM base AS final\n';
const FILES = { 'svc/Dockerfile': DF, 'svc/requirements.txt': 'a\n', 'svc/requirements/prod.txt': 'b\n', 'svc/requirements-dev.txt': 'c\n' };

/** Root-relative requirements files the one service installs, with how each was found. */
function requirementsOf(files: Record<string, string>): string[] {
  const dir = tempProject(files);
  const svc = loadProject({ root: dir }).services[0]!;
  return svc.link!.requirements.map((r) => `${path.relative(dir, r.path)} ${r.via}`);
}

describe('compose build.args and build.target reach the Dockerfile', () => {
  it('default: the ARG default, the last stage', () => {
    expect(requirementsOf({ ...FILES, 'compose.yaml': 'services:\n  svc:\n    build: ./svc\n' })).toEqual(['svc/requirements.txt dockerfile']);
  });

  it('list form overrides the ARG default', () => {
    const compose = 'services:\n  svc:\n    build:\n      context: ./svc\n      args:\n        - REQS=requirements/prod.txt\n';
    expect(requirementsOf({ ...FILES, 'compose.yaml': compose })).toEqual(['svc/requirements/prod.txt dockerfile']);
  });

  it('map form with ${VAR} from .env', () => {
    const compose = 'services:\n  svc:\n    build:\n      context: ./svc\n      args:\n        REQS: requirements/${FLAVOUR}.txt\n';
    expect(requirementsOf({ ...FILES, 'compose.yaml': compose, '.env': 'FLAVOUR=prod\n' })).toEqual(['svc/requirements/prod.txt dockerfile']);
  });

  it('an unset ${VAR}: the ARG default read as a guess (never edited), and said', () => {
    const compose = 'services:\n  svc:\n    build:\n      context: ./svc\n      args:\n        REQS: requirements/${COMPOSESHIFT_TEST_UNSET_FLAVOUR}.txt\n';
    const dir = tempProject({ ...FILES, 'compose.yaml': compose });
    const link = loadProject({ root: dir }).services[0]!.link!;
    expect(link.requirements.map((r) => `${path.relative(dir, r.path)} ${r.via}`)).toEqual(['svc/requirements.txt guess']);
    expect(link.problems.map((p) => p.code)).toEqual(['install-not-in-runtime', 'requirements-unresolved', 'build-input-unresolved']);
  });

  it('build.target picks the stage', () => {
    const compose = 'services:\n  svc:\n    build:\n      context: ./svc\n      target: dev\n';
    expect(requirementsOf({ ...FILES, 'compose.yaml': compose })).toEqual(['svc/requirements.txt dockerfile', 'svc/requirements-dev.txt dockerfile']);
  });
});
