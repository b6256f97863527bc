import { describe, expect, it } from 'vitest';
import { dockerfile, slice } from './helpers.js';

describe('parseDockerfile', () => {
  it('splits stages, names them and links FROM <stage>', () => {
    const df = dockerfile([
      'ARG PY=3.11',
      'FROM python:${PY}-slim AS Builder',
      'RUN pip wheel -r requirements.txt -w /wheels',
      'FROM builder AS test',
      'FROM python:3.11-slim',
      'COPY --from=builder /wheels /wheels',
    ]);
    expect(df.preamble.map((i) => i.keyword)).toEqual(['ARG']);
    expect(df.stages.map((s) => [s.index, s.name, s.base, s.baseStage, s.line])).toEqual([
      [0, 'builder', 'python:3.11-slim', undefined, 2],
      [1, 'test', 'builder', 0, 4],
      [2, undefined, 'python:3.11-slim', undefined, 5],
    ]);
    expect(df.stages[2]!.instructions.map((i) => i.keyword)).toEqual(['FROM', 'COPY']);
    const copy = df.stages[2]!.instructions[1]!;
    expect(copy.flags.map((f) => [f.name, f.value, slice(df, f.range)])).toEqual([['from', 'builder', '--from=builder']]);
    expect(df.problems).toEqual([]);
  });

  it('tracks WORKDIR (relative, variables, inherited by FROM <stage>)', () => {
    const df = dockerfile([
      'FROM python AS base',
      'ARG APP=/srv',
      'WORKDIR $APP',
      'WORKDIR code',
      'RUN true',
      'FROM base',
      'RUN true',
      'FROM python',
      'RUN true',
    ]);
    const runs = df.instructions.filter((i) => i.keyword === 'RUN');
    expect(runs.map((r) => r.workdir)).toEqual(['/srv/code', '/srv/code', '/']);
    expect(df.stages[0]!.workdir).toBe('/srv/code');
  });

  it('keeps literal ARG/ENV values, drops unknown ones, and carries ENV (not ARG) into child stages', () => {
    const df = dockerfile([
      'ARG GLOBAL=g',
      'FROM python AS a',
      'ARG GLOBAL',
      'ARG LOCAL=l',
      'ENV REQ=req-$LOCAL.txt OTHER=$UNKNOWN',
      'RUN true',
      'FROM a',
      'RUN true',
    ]);
    const [r1, r2] = df.instructions.filter((i) => i.keyword === 'RUN');
    expect([...r1!.vars]).toEqual([['GLOBAL', 'g'], ['LOCAL', 'l'], ['REQ', 'req-l.txt']]);
    expect([...r2!.vars]).toEqual([['REQ', 'req-l.txt']]);
  });

  it('gives exact offsets on CRLF files, across continuation lines', () => {
    const df = dockerfile(['FROM python', 'RUN pip install \\', '    -r requirements.txt', 'COPY . .'], '\r\n');
    const [, run, copy] = df.instructions;
    expect(slice(df, run!.range)).toBe('RUN pip install \\\r\n    -r requirements.txt');
    expect(slice(df, run!.argsRange)).toBe('pip install \\\r\n    -r requirements.txt');
    expect(run!.line).toBe(2);
    expect(copy!.line).toBe(4);
    expect(copy!.args.map((a) => [a.text, slice(df, a.range)])).toEqual([['.', '.'], ['.', '.']]);
  });

  it('decodes exec form JSON strings itself (\\u escapes included)', () => {
    const df = dockerfile(['FROM python', 'RUN ["pip", "install", "-r", "re\\u0071.txt"]']);
    const run = df.instructions[1]!;
    expect(run.exec).toBe(true);
    expect(run.args.map((a) => [a.text, slice(df, a.range), a.quote])).toEqual([
      ['pip', '"pip"', '"'],
      ['install', '"install"', '"'],
      ['-r', '"-r"', '"'],
      ['req.txt', '"re\\u0071.txt"', '"'],
    ]);
  });

  it('records heredoc bodies and mount options', () => {
    const df = dockerfile(['FROM python', 'RUN --mount=type=bind,source=a.txt,target=/tmp/a.txt <<EOF', 'pip install -r /tmp/a.txt', 'EOF']);
    const run = df.instructions[1]!;
    expect(run.heredocs.map((h) => [h.name, slice(df, h.content)])).toEqual([['EOF', 'pip install -r /tmp/a.txt']]);
    expect(run.flags[0]!.options).toEqual({ type: 'bind', source: 'a.txt', target: '/tmp/a.txt' });
  });

  it('reports Dockerfiles it cannot understand', () => {
    const df = dockerfile(['{{ if .Gpu }}', 'FROM nvidia/cuda', '{{ end }}']);
    expect(df.problems.map((p) => [p.code, p.line])).toEqual([['unknown-instruction', 1], ['unknown-instruction', 3]]);
    expect(dockerfile(['# only a comment']).problems.map((p) => p.code)).toEqual(['no-from']);
  });
});
