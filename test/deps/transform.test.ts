import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const DF = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n';
const one = (req: string, code = 'import requests\n', extra: Record<string, string> = {}): string =>
  tempProject({ 'compose.yaml': 'services:\n  svc:\n    build: ./svc\n', 'svc/Dockerfile': DF, 'svc/requirements.txt': req, 'svc/main.py': code, ...extra });

const plan = async (dir: string, config?: string) => {
  if (config) writeFileSync(path.join(dir, 'composeshift.config.yaml'), config);
  return planFiles(dir, { transforms: ['unused-deps'] });
};

/** requirements.txt in → requirements.txt out, byte for byte (main.py imports requests only). */
const CASES: [name: string, input: string, output: string][] = [
  ['removes an unused line', 'requests==2.32.3\npandas==2.2.3\nflask\n', 'requests==2.32.3\n'],
  ['keeps a section comment that does not name the package', '# web\nrequests\n# data\npandas\n', '# web\nrequests\n# data\n'],
  ['removes a comment directly above that names the package', 'requests\n# pandas: was used for CSV exports\npandas==2.2.3  # old\n', 'requests\n'],
  ['removes continuation lines with the requirement', 'requests\npandas==2.2.3 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\nboto3\n', 'requests\n'],
  ['keeps CRLF line endings', 'requests\r\npandas\r\n# tail\r\n', 'requests\r\n# tail\r\n'],
  ['a last line without a final newline keeps the file without one', 'requests\npandas', 'requests'],
  ['adjacent unused lines at the end without a final newline', 'requests\npandas\nscipy', 'requests'],
  ['only a blank line separates: the blank stays', 'pandas\n\nrequests\n', '\nrequests\n'],
  ['normalised names and extras', 'Requests\nPanDas[performance]>=2 ; python_version >= "3.9"\n', 'Requests\n'],
  ['inline ignore keeps the line', 'requests\npandas  # composeshift: ignore\nscipy\n', 'requests\npandas  # composeshift: ignore\n'],
];

describe('unused-deps transform: requirements goldens', () => {
  it.each(CASES)('%s', async (_name, input, output) => {
    const dir = one(input);
    const { out } = await plan(dir);
    if (input === output) expect(out).toEqual({});
    else expect(out['svc/requirements.txt']).toBe(output);
  });

  it('changes carry the class and evidence; the verifier reads the removal back', async () => {
    const { plan: p } = await plan(one('requests\npandas\n'));
    expect(p.changes).toEqual([
      expect.objectContaining({ transform: 'unused-deps', service: expect.stringMatching(/^[^/]+\/svc$/), file: 'svc/requirements.txt', line: 2, what: 'remove pandas', before: 'pandas', after: '(removed)', reason: expect.stringMatching(/^unused: no import of pandas \(import names from bundled table \(repo pandas-dev\/pandas: pandas\/\)\) in 1 Python file copied/), expect: [{ kind: 'requirement', file: expect.stringMatching(/svc\/requirements\.txt$/), name: 'pandas', present: false }] }),
    ]);
    expect(p.findings.map((f) => `${f.level} ${f.code} ${f.message}`)).toEqual(['warn dep-unused svc: pandas is declared but never imported, run or loaded']);
  });

  it('is idempotent: after applying, nothing is left to remove', async () => {
    const dir = one('requests\n# pandas exports\npandas\nscipy\n');
    const { out } = await plan(dir);
    writeFileSync(path.join(dir, 'svc/requirements.txt'), out['svc/requirements.txt']!);
    expect(readFileSync(path.join(dir, 'svc/requirements.txt'), 'utf8')).toBe('requests\n');
    expect((await plan(dir)).out).toEqual({});
  });

  it('test-only is reported, removed only with include: [test-only]', async () => {
    const req = 'requests\npytest==8.3.3\npytest-cov\n';
    expect((await plan(one(req))).out).toEqual({});
    const { out } = await plan(one(req), 'policies:\n  - transform: unused-deps\n    include: [test-only]\n');
    expect(out['svc/requirements.txt']).toBe('requests\n');
  });

  it('include rejects unknown classes (exit 2 usage error)', async () => {
    await expect(plan(one('requests\n'), 'policies:\n  - transform: unused-deps\n    include: [cli]\n')).rejects.toThrow(/include: unknown class "cli" \(allowed: test-only\)/);
  });

  it('only: and ignore: (names or globs, PEP 503-normalised)', async () => {
    const req = 'requests\npandas\nscipy\nboto3\n';
    expect((await plan(one(req), 'policies:\n  - transform: unused-deps\n    only: [SciPy]\n')).out['svc/requirements.txt']).toBe('requests\npandas\nboto3\n');
    expect((await plan(one(req), 'policies:\n  - transform: unused-deps\n    ignore: [pandas, "bo*"]\n')).out['svc/requirements.txt']).toBe('requests\npandas\nboto3\n');
  });

  it('services: scopes a policy; unmatched services get no removals', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n',
      'api/Dockerfile': DF, 'api/requirements.txt': 'requests\npandas\n', 'api/main.py': 'import requests\n',
      'worker/Dockerfile': DF, 'worker/requirements.txt': 'requests\nscipy\n', 'worker/main.py': 'import requests\n',
    });
    const { out } = await plan(dir, 'policies:\n  - transform: unused-deps\n    services: ["wor*"]\n');
    expect(out).toEqual({ 'worker/requirements.txt': 'requests\n' });
  });

  it('a requirements file shared by two services loses a package only when both leave it unused', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n  worker:\n    build:\n      context: .\n      dockerfile: worker/Dockerfile\n',
      'requirements.txt': 'requests\npandas\nscipy\n',
      'api/Dockerfile': 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY api/ ./\nCMD ["python", "main.py"]\n',
      'api/main.py': 'import requests\nimport pandas\n',
      'worker/Dockerfile': 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY worker/ ./\nCMD ["python", "main.py"]\n',
      'worker/main.py': 'import requests\n',
    });
    const { out, plan: p } = await plan(dir);
    expect(out).toEqual({ 'requirements.txt': 'requests\npandas\n' });
    // Service keys (project/name): the CLI shows bare names when one project is in the run.
    expect(p.changes.map((c) => `${c.service?.replace(/[^/, ]+\//g, '')} ${c.what}`)).toEqual(['api, worker remove scipy']);
    expect(p.findings.filter((f) => f.code === 'dep-kept-shared').map((f) => f.message)).toEqual([
      'worker: pandas kept in requirements.txt, which api also installs and classes it used: import pandas at api/main.py:2',
    ]);
    // Selecting one service does not let it remove what the other installs from the same file.
    const one = await planFiles(dir, { transforms: ['unused-deps'], services: ['worker'] });
    expect(one.out).toEqual({});
  });

  it('inline `pip install` packages in the Dockerfile are reported, never edited', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  svc:\n    build: ./svc\n',
      'svc/Dockerfile': 'FROM python:3.12\nRUN pip install requests boto3==1.35\nCOPY . .\nCMD ["python", "main.py"]\n',
      'svc/main.py': 'import requests\n',
    });
    const { out, plan: p } = await plan(dir);
    expect(out).toEqual({});
    expect(p.findings.map((f) => `${f.code} ${f.file}:${f.line}`)).toEqual(['dep-unused svc/Dockerfile:2']);
  });

  it('policy sitePackages: installed metadata names the import (odd-dist provides oddmod)', async () => {
    const site = {
      'site/odd_dist-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: odd-dist\nVersion: 1.0\n',
      'site/odd_dist-1.0.dist-info/top_level.txt': 'oddmod\n',
    };
    // Without the metadata odd-dist's import names are unknown: kept (unknown-name), never removed.
    expect((await plan(one('odd-dist\n', 'import oddmod\n', site))).out).toEqual({});
    expect((await plan(one('odd-dist\n', 'import oddmod\n', site), 'policies:\n  - transform: unused-deps\n    sitePackages: site\n')).out).toEqual({});
  });

  it('requirements only guessed (no Dockerfile) are reported, never edited', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  svc:\n    build: ./svc\n', 'svc/requirements.txt': 'requests\npandas\n', 'svc/main.py': 'import requests\n' });
    const { out, plan: p } = await plan(dir);
    expect(out).toEqual({});
    expect(p.findings.filter((f) => f.code === 'dep-unused').map((f) => `${f.file}:${f.line}`)).toEqual(['svc/requirements.txt:2']);
  });
});
