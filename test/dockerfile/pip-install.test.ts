import { describe, expect, it } from 'vitest';
import { findPipInstalls, type PipInstall } from '../../src/dockerfile/index.js';
import { dockerfile, slice } from './helpers.js';
import type { DockerfileModel } from '../../src/dockerfile/index.js';

/** A pip install as plain data, every range replaced by the text it covers. */
function summary(df: DockerfileModel, p: PipInstall) {
  return {
    cmd: `${p.tool} ${p.subcommand} (${p.form}) line ${p.line}`,
    files: p.requirementFiles.map((f) => `${f.kind} ${slice(df, f.range)} -> ${f.imagePath ?? '?'}`),
    packages: p.packages.map((a) => `${a.kind} ${a.text} [${slice(df, a.range)}]${a.quote ? ` ${a.quote}` : ''}`),
    index: p.indexOptions.map((o) => `${o.name}=${o.value ?? ''} [${slice(df, o.range)}]`),
    insertAfter: df.file.text.slice(p.insertAt - 8, p.insertAt),
  };
}

const cases: { name: string; lines: string[]; eol?: string; want: ReturnType<typeof summary>[] }[] = [
  {
    name: 'single line -r',
    lines: ['FROM python', 'WORKDIR /app', 'RUN pip install -r requirements.txt'],
    want: [{ cmd: 'pip install (shell) line 3', files: ['requirement requirements.txt -> /app/requirements.txt'], packages: [], index: [], insertAfter: ' install' }],
  },
  {
    name: 'continuation lines with comments, && chains, -c, glued and long forms',
    lines: [
      'FROM python',
      'RUN apt-get update && apt-get install -y gcc \\',
      '    # pin everything',
      '    && pip3 install --no-cache-dir -r requirements.txt \\',
      '       -c constraints.txt --requirement=dev.txt -rextra.txt; pip --version || true',
    ],
    want: [
      {
        cmd: 'pip install (shell) line 2',
        files: [
          'requirement requirements.txt -> /requirements.txt',
          'constraint constraints.txt -> /constraints.txt',
          'requirement dev.txt -> /dev.txt',
          'requirement extra.txt -> /extra.txt',
        ],
        packages: [],
        index: [],
        insertAfter: ' install',
      },
    ],
  },
  {
    name: 'python -m pip, python3.11 -m pip, absolute pip, uv pip; redirections ignored',
    lines: [
      'FROM python',
      'RUN python -m pip install -U pip && python3.11 -m pip install flask >/dev/null 2>&1',
      'RUN /usr/local/bin/pip install requests',
      'RUN uv pip install --system -r req.txt',
    ],
    want: [
      { cmd: 'pip install (shell) line 2', files: [], packages: ['requirement pip [pip]'], index: [], insertAfter: ' install' },
      { cmd: 'pip install (shell) line 2', files: [], packages: ['requirement flask [flask]'], index: [], insertAfter: ' install' },
      { cmd: 'pip install (shell) line 3', files: [], packages: ['requirement requests [requests]'], index: [], insertAfter: ' install' },
      { cmd: 'uv install (shell) line 4', files: ['requirement req.txt -> /req.txt'], packages: [], index: [], insertAfter: ' install' },
    ],
  },
  {
    name: 'inline packages, quotes and index options',
    lines: [
      'FROM python',
      `RUN pip install torch==2.5.1 "torchvision>=0.20" 'numpy<2' --index-url https://download.pytorch.org/whl/cpu --extra-index-url=https://pypi.org/simple -e . --no-index`,
    ],
    want: [
      {
        cmd: 'pip install (shell) line 2',
        files: [],
        packages: ['requirement torch==2.5.1 [torch==2.5.1]', 'requirement torchvision>=0.20 ["torchvision>=0.20"] "', "requirement numpy<2 ['numpy<2'] '", 'editable . [.]'],
        index: [
          '--index-url=https://download.pytorch.org/whl/cpu [--index-url https://download.pytorch.org/whl/cpu]',
          '--extra-index-url=https://pypi.org/simple [--extra-index-url=https://pypi.org/simple]',
          '--no-index= [--no-index]',
        ],
        insertAfter: ' install',
      },
    ],
  },
  {
    name: 'exec form, and sh -c inside exec form',
    lines: ['FROM python', 'RUN ["pip", "install", "-i", "https://x/simple", "torch"]', 'RUN ["/bin/sh", "-c", "pip install -r r.txt && echo ok"]'],
    want: [
      { cmd: 'pip install (exec) line 2', files: [], packages: ['requirement torch ["torch"] "'], index: ['--index-url=https://x/simple ["-i", "https://x/simple"]'], insertAfter: 'install"' },
      { cmd: 'pip install (exec) line 3', files: ['requirement r.txt -> /r.txt'], packages: [], index: [], insertAfter: ' install' },
    ],
  },
  {
    name: 'heredoc body; variables in -r paths; pip wheel; sudo and env launchers',
    lines: [
      'FROM python',
      'ARG REQS=requirements/prod.txt',
      'WORKDIR /src',
      'RUN <<EOF',
      'set -e',
      'PIP_NO_CACHE_DIR=1 pip install -r ${REQS}',
      'EOF',
      'RUN sudo -H pip wheel -r $MISSING -w /wheels',
    ],
    want: [
      { cmd: 'pip install (heredoc) line 4', files: ['requirement ${REQS} -> /src/requirements/prod.txt'], packages: [], index: [], insertAfter: ' install' },
      { cmd: 'pip wheel (shell) line 8', files: ['requirement $MISSING -> ?'], packages: [], index: [], insertAfter: 'ip wheel' },
    ],
  },
  {
    name: 'if/then blocks and pip global options before install',
    lines: ['FROM python', 'RUN if [ "$DEV" = 1 ]; then pip --no-cache-dir install -r dev.txt; fi'],
    want: [{ cmd: 'pip install (shell) line 2', files: ['requirement dev.txt -> /dev.txt'], packages: [], index: [], insertAfter: ' install' }],
  },
  {
    name: 'uv pip sync positional files; backtick escape directive',
    lines: ['# escape=`', 'FROM python', 'RUN uv pip sync `', '    requirements.lock "dev.lock"'],
    want: [{ cmd: 'uv sync (shell) line 3', files: ['requirement requirements.lock -> /requirements.lock', 'requirement "dev.lock" -> /dev.lock'], packages: [], index: [], insertAfter: 'pip sync' }],
  },
  {
    name: 'not pip installs',
    lines: ['FROM python', 'RUN pip freeze > r.txt && pipx install black && echo pip install x && python -m venv /v', 'RUN python -c "import pip"'],
    want: [],
  },
];

describe('findPipInstalls', () => {
  for (const c of cases) {
    it(c.name, () => {
      const df = dockerfile(c.lines, c.eol);
      expect(findPipInstalls(df).map((p) => summary(df, p))).toEqual(c.want);
    });
  }

  it('gives exact token ranges on a CRLF file with continuations', () => {
    const lines = ['FROM python', 'RUN pip install \\', '      "torch==2.5.1" \\', '      torchvision --index-url https://download.pytorch.org/whl/cpu'];
    const df = dockerfile(lines, '\r\n');
    const [p] = findPipInstalls(df);
    const text = df.file.text;
    expect(p!.packages.map((a) => text.slice(a.range[0], a.range[1]))).toEqual(['"torch==2.5.1"', 'torchvision']);
    expect(p!.packages[0]!.range[0]).toBe(text.indexOf('"torch'));
    expect(p!.indexOptions.map((o) => slice(df, o.valueRange))).toEqual(['https://download.pytorch.org/whl/cpu']);
    expect(text.slice(p!.range[0], p!.range[1])).toBe(lines.slice(1).join('\r\n').slice(4));
    expect(text.slice(0, p!.insertAt).endsWith('RUN pip install')).toBe(true);
  });
});
