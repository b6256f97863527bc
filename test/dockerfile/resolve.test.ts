import { describe, expect, it } from 'vitest';
import { contextPathOf, contextSources, listCopies, type StatFn } from '../../src/dockerfile/index.js';
import { dockerfile } from './helpers.js';

/** Context path that `imagePath` holds at the last instruction of the Dockerfile. */
function at(lines: string[], imagePath: string, stat?: StatFn): string | undefined {
  const df = dockerfile(lines);
  return contextPathOf(df, df.instructions[df.instructions.length - 1]!, imagePath, stat);
}

const dirs: StatFn = (p) => (p === 'requirements' || p === 'src' ? 'dir' : p.endsWith('.txt') ? 'file' : undefined);

describe('contextPathOf', () => {
  const cases: [string, string[], string, string | undefined, StatFn?][] = [
    ['COPY file .', ['FROM python', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN x'], '/app/requirements.txt', 'requirements.txt'],
    ['COPY file /app/ then WORKDIR', ['FROM python', 'COPY requirements.txt /app/', 'WORKDIR /app', 'RUN x'], '/app/requirements.txt', 'requirements.txt'],
    ['COPY file renamed', ['FROM python', 'COPY reqs/prod.txt /tmp/r.txt', 'RUN x'], '/tmp/r.txt', 'reqs/prod.txt'],
    ['COPY . .', ['FROM python', 'WORKDIR /app', 'COPY . .', 'RUN x'], '/app/requirements/base.txt', 'requirements/base.txt'],
    ['COPY . /app', ['FROM python', 'COPY . /app', 'RUN x'], '/app/a/b.txt', 'a/b.txt'],
    ['COPY dir/ dest/', ['FROM python', 'COPY requirements/ /tmp/req/', 'RUN x'], '/tmp/req/base.txt', 'requirements/base.txt'],
    ['COPY dir dest (stat says dir)', ['FROM python', 'COPY requirements /tmp/req', 'RUN x'], '/tmp/req/base.txt', 'requirements/base.txt', dirs],
    ['COPY file dest (stat says file)', ['FROM python', 'COPY r.txt /tmp/req', 'RUN x'], '/tmp/req/r.txt', undefined, dirs],
    ['COPY glob', ['FROM python', 'COPY requirements*.txt ./', 'RUN x'], '/requirements-dev.txt', 'requirements-dev.txt'],
    ['COPY several files', ['FROM python', 'COPY a.txt b.txt /r', 'RUN x'], '/r/b.txt', 'b.txt'],
    ['later COPY wins', ['FROM python', 'COPY . /app', 'COPY other.txt /app/r.txt', 'RUN x'], '/app/r.txt', 'other.txt'],
    ['COPY after the RUN does not count', ['FROM python', 'RUN x', 'COPY r.txt .'], '/r.txt', undefined],
    ['absolute source is context-relative', ['FROM python', 'COPY /r.txt /x/', 'RUN x'], '/x/r.txt', 'r.txt'],
    ['variables in dest', ['FROM python', 'ARG D=/opt', 'COPY r.txt $D/', 'RUN x'], '/opt/r.txt', 'r.txt'],
    ['ADD works like COPY', ['FROM python', 'ADD r.txt /x/', 'RUN x'], '/x/r.txt', 'r.txt'],
    ['ADD of a URL is not the context', ['FROM python', 'ADD https://e.com/r.txt /x/', 'RUN x'], '/x/r.txt', undefined],
    ['COPY --from=image is not the context', ['FROM python', 'COPY --from=nginx /r.txt /x/', 'RUN x'], '/x/r.txt', undefined],
    ['COPY --from=stage follows the stage', ['FROM python AS b', 'WORKDIR /src', 'COPY . .', 'FROM python', 'COPY --from=b /src/req /req', 'RUN x'], '/req/a.txt', 'req/a.txt'],
    ['COPY --from=0 by index', ['FROM python', 'COPY r.txt /b/', 'FROM python', 'COPY --from=0 /b /c', 'RUN x'], '/c/r.txt', 'r.txt'],
    ['FROM <stage> inherits copies', ['FROM python AS base', 'COPY r.txt /app/', 'FROM base', 'RUN x'], '/app/r.txt', 'r.txt'],
    ['other stages do not leak', ['FROM python AS a', 'COPY r.txt /app/', 'FROM python', 'RUN x'], '/app/r.txt', undefined],
    ['bind mount of a file', ['FROM python', 'RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt x'], '/tmp/requirements.txt', 'requirements.txt'],
    ['bind mount of the context (no source)', ['FROM python', 'RUN --mount=target=/ctx x'], '/ctx/req/a.txt', 'req/a.txt'],
    ['bind mount relative target uses WORKDIR', ['FROM python', 'WORKDIR /w', 'RUN --mount=type=bind,src=r.txt,dst=r2.txt x'], '/w/r2.txt', 'r.txt'],
    ['cache mount is not the context', ['FROM python', 'RUN --mount=type=cache,target=/root/.cache x'], '/root/.cache/r.txt', undefined],
    ['bind mount from a stage', ['FROM python AS b', 'COPY r.txt /s/', 'FROM python', 'RUN --mount=from=b,source=/s,target=/m x'], '/m/r.txt', 'r.txt'],
    ['nothing copied', ['FROM python', 'RUN x'], '/requirements.txt', undefined],
  ];
  for (const [name, lines, imagePath, want, stat] of cases) {
    it(name, () => expect(at(lines, imagePath, stat)).toBe(want));
  }
});

describe('contextSources', () => {
  it('lists context sources of all stages, not --from copies, not URLs, not escaping paths', () => {
    const df = dockerfile([
      'FROM node AS web',
      'COPY package.json ./',
      'COPY . .',
      'FROM python',
      'COPY --from=web /app/dist /static',
      'COPY src/ app.py ../secret /app/',
      'ADD https://e.com/x.tgz /x',
    ]);
    const copies = listCopies(df);
    expect(contextSources(copies)).toEqual(['package.json', '', 'src', 'app.py']);
    expect(copies.map((c) => c.escapes)).toEqual([false, false, false, true, false]);
  });
});
