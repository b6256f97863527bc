import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { loadProject } from '../../src/project/load.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';
import { classes } from './helpers.js';

const COMPOSE = 'services:\n  svc:\n    build: ./svc\n';
const df = (cmd: string, from = 'python:3.12-slim'): string => `FROM ${from}\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app/ ./app/\nCOPY shared/ ./shared/\n${cmd}\n`;

const APP = {
  'svc/requirements.txt': 'fastapi\nuvicorn\n',
  'svc/app/__init__.py': '',
  'svc/app/main.py': [
    'import fastapi',
    'import yaml',
    'from app import helpers',
    'def handler():',
    '    import boto3',
    'try:',
    '    import ujson',
    'except ImportError:',
    '    ujson = None',
    'from importlib.util import find_spec',
    'if find_spec("orjson"):',
    '    import orjson',
    '',
  ].join('\n'),
  'svc/app/helpers.py': 'import markdown\n',
  'svc/shared/__init__.py': '',
  'svc/shared/reports.py': 'import matplotlib.pyplot as plt\n',
};

const evidence = (dir: string, pkg: string): string | undefined =>
  analyzeProject(loadProject({ root: dir }))[0]!.findings.find((f) => f.package === pkg)?.evidence;

describe('missing only for top-level, unguarded imports reachable from the entry module', () => {
  it('follows the import graph from `uvicorn app.main:app`; local, guarded and unreachable imports are undeclared (info)', () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'svc/Dockerfile': df('CMD ["uvicorn", "app.main:app"]'), ...APP });
    expect(classes(dir)).toEqual([
      'svc fastapi used svc/requirements.txt:1',
      'svc uvicorn cli svc/requirements.txt:2',
      'svc boto3 undeclared svc/app/main.py:5',
      'svc markdown missing svc/app/helpers.py:1',
      'svc matplotlib undeclared svc/shared/reports.py:1',
      'svc orjson undeclared svc/app/main.py:12',
      'svc pyyaml missing svc/app/main.py:2',
    ]);
    expect(evidence(dir, 'boto3')).toBe('import boto3 at svc/app/main.py:5; not declared, but not missing: function-local import (runs only when the function is called) (svc/app/main.py:5)');
    expect(evidence(dir, 'orjson')).toBe('import orjson at svc/app/main.py:12; not declared, but not missing: guarded by importlib.util.find_spec (svc/app/main.py:12)');
    expect(evidence(dir, 'matplotlib')).toBe('import matplotlib.pyplot at svc/shared/reports.py:1; not declared, but not missing: not reachable from the entry module (the service never imports this file) (svc/shared/reports.py:1)');
    expect(evidence(dir, 'markdown')).toBe('import markdown at svc/app/helpers.py:1; a top-level import reachable from the entry module; no declared package provides markdown and it is not in the standard library');
  });

  it('the transform: missing is warn, undeclared is info', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'svc/Dockerfile': df('CMD ["uvicorn", "app.main:app"]'), ...APP });
    const { plan } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(plan.findings.filter((f) => /^dep-(missing|undeclared)$/.test(f.code)).map((f) => `${f.level} ${f.code} ${(f.data as { package: string }).package}`)).toEqual([
      'info dep-undeclared boto3',
      'warn dep-missing markdown',
      'info dep-undeclared matplotlib',
      'info dep-undeclared orjson',
      'warn dep-missing pyyaml',
    ]);
  });

  it('`python -m app` and `python app/main.py` are entries too; shared/ imported by the entry becomes reachable', () => {
    const files = { ...APP, 'svc/app/__main__.py': 'from app import main\nimport shared.reports\n' };
    const m = tempProject({ 'compose.yaml': COMPOSE, 'svc/Dockerfile': df('CMD ["python", "-m", "app"]'), ...files });
    expect(classes(m)).toContain('svc matplotlib missing svc/shared/reports.py:1');
    const s = tempProject({ 'compose.yaml': COMPOSE, 'svc/Dockerfile': df('CMD python /app/app/main.py'), ...APP });
    expect(classes(s)).toContain('svc pyyaml missing svc/app/main.py:2');
    expect(classes(s)).toContain('svc matplotlib undeclared svc/shared/reports.py:1');
  });

  it('Django: gunicorn mod.wsgi:application → settings by string → INSTALLED_APPS packages and their models', () => {
    const dir = tempProject({
      'compose.yaml': COMPOSE,
      'svc/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "site.wsgi:application"]\n',
      'svc/requirements.txt': 'django\ngunicorn\n',
      'svc/site/__init__.py': '',
      'svc/site/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\napplication = get_wsgi_application()\n',
      'svc/site/settings.py': 'INSTALLED_APPS = ["blog"]\n',
      'svc/blog/__init__.py': '',
      'svc/blog/models.py': 'import markdown\n',
      'svc/tools/oneoff.py': 'import matplotlib\n',
    });
    expect(classes(dir)).toEqual([
      'svc django used svc/requirements.txt:1',
      'svc gunicorn cli svc/requirements.txt:2',
      'svc markdown missing svc/blog/models.py:1',
      'svc matplotlib undeclared svc/tools/oneoff.py:1',
    ]);
  });

  it('packages provided by the base image (FROM pytorch/pytorch) are info, named with the image', () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'svc/Dockerfile': df('CMD ["python", "app/main.py"]', 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime'), 'svc/requirements.txt': 'requests\n', 'svc/app/main.py': 'import requests\nimport torch\nimport numpy as np\n', 'svc/shared/x.py': '' });
    expect(classes(dir)).toEqual(['svc requests used svc/requirements.txt:1', 'svc numpy undeclared svc/app/main.py:3', 'svc torch undeclared svc/app/main.py:2']);
    expect(evidence(dir, 'torch')).toBe('import torch at svc/app/main.py:2; not declared, but not missing: torch is provided by the base image pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime [https://github.com/pytorch/pytorch/blob/main/Dockerfile] (svc/app/main.py:2)');
  });

  it('no entry module found (CMD runs a binary): nothing is missing, and a note says why', () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'svc/Dockerfile': df('CMD ["/usr/local/bin/server"]'), ...APP });
    const a = analyzeProject(loadProject({ root: dir }))[0]!;
    expect(a.findings.filter((f) => f.class === 'missing')).toEqual([]);
    expect(a.findings.find((f) => f.package === 'pyyaml')?.class).toBe('undeclared');
    expect(a.notes).toContain('the entry module was not found from CMD/ENTRYPOINT/command: undeclared imports are reported as info, not missing');
  });
});
