// A requirements file exported from a lock without a header is lock-style too: every line ==-pinned beside the lock
// it came from (old paperless-ngx: `-i https://pypi.python.org/simple` then pins, beside Pipfile and Pipfile.lock).
// Editing it drops the package from the image until the next export puts it back; the Pipfile is what to edit.
import { describe, expect, it } from 'vitest';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const DF = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n';
const PIPENV = "-i https://pypi.python.org/simple\ncertifi==2024.2.2; python_version >= '3.6'\ncharset-normalizer==3.3.2\nidna==3.6\nrequests==2.31.0\nurllib3==2.2.1\nxlrd==2.0.1\n";
const project = (req: string, extra: Record<string, string>): string =>
  tempProject({ 'compose.yaml': 'services:\n  svc:\n    build: ./svc\n', 'svc/Dockerfile': DF, 'svc/requirements.txt': req, 'svc/main.py': 'import requests\n', ...extra });
const lockFinding = async (dir: string) => {
  const { out, plan } = await planFiles(dir, { transforms: ['unused-deps'] });
  return { out, f: plan.findings.filter((x) => x.code === 'dep-lock-file').map((x) => ({ message: x.message, data: x.data })) };
};

describe('a headerless export beside its lock is never edited', () => {
  it('pipenv: pins beside Pipfile.lock: no edit; edit the Pipfile, re-run `pipenv requirements`', async () => {
    const { out, f } = await lockFinding(project(PIPENV, { 'svc/Pipfile': '[packages]\nrequests = "*"\nxlrd = "*"\n', 'svc/Pipfile.lock': '{}\n' }));
    expect(out).toEqual({});
    expect(f).toEqual([{ message: 'svc: svc/requirements.txt is a lock file, not edited: 1 unused package (xlrd); remove them from svc/Pipfile and re-run `pipenv requirements > requirements.txt`', data: { packages: ['xlrd'], source: 'svc/Pipfile', command: 'pipenv requirements > requirements.txt', generator: 'pipenv' } }]);
  });

  it('poetry: pins beside poetry.lock: the source is pyproject.toml and the command poetry export', async () => {
    const { out, f } = await lockFinding(project(PIPENV, { 'svc/pyproject.toml': '[tool.poetry]\nname = "app"\n', 'svc/poetry.lock': '# poetry\n' }));
    expect(out).toEqual({});
    expect(f.map((x) => x.data)).toEqual([{ packages: ['xlrd'], source: 'svc/pyproject.toml', command: 'poetry export -o requirements.txt', generator: 'poetry' }]);
  });

  it('the same pins with no lock beside them are a hand-written file: xlrd is removed (exact bytes)', async () => {
    const { out } = await lockFinding(project(PIPENV, {}));
    expect(out).toEqual({ 'svc/requirements.txt': PIPENV.replace('xlrd==2.0.1\n', '') });
  });
});
