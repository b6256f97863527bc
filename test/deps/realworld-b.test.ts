// Classes of wrong removals found on real repositories the project was not tuned on (notes/realworld-B.md): each
// fixture failed before its fix. Mailu (core/base: a base image other Dockerfiles build FROM), …
import { describe, expect, it } from 'vitest';
import { planFiles, tempProject } from '../helpers/temp-project.js';
import { classOf } from './helpers.js';

describe('an image other services build FROM installs for their code too (Mailu core/base)', () => {
  const base = {
    'core/base/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY libs/ libs/\nCMD ["/bin/bash"]\n',
    'core/base/requirements.txt': 'requests\nflask\n',
    'core/base/libs/socrate.py': 'import requests\n',
  };

  it('Dockerfiles without compose: core/admin is FROM base, so flask (imported by admin only) is kept, unverified, naming it', async () => {
    const dir = tempProject({
      ...base,
      'core/admin/Dockerfile': 'FROM base\nCOPY mailu/ ./mailu/\nCMD ["gunicorn", "mailu:app"]\n',
      'core/admin/mailu/__init__.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(out).toEqual({});
    const f = classOf(dir, 'flask', 'core/base')!;
    expect(f.class).toBe('unverified');
    expect(f.evidence).toMatch(/; but this image is the base of core\/admin \(core\/admin\/Dockerfile:1 FROM base\), whose code and commands also run on what it installs and are not read with it: kept$/);
  });

  it('compose: a service built FROM another service\'s image: (build args resolved) keeps that image\'s packages', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    image: acme/web:local\n    build: ./web\n  cron:\n    build:\n      context: ./cron\n      args:\n        BASE_IMAGE: acme/web:local\n',
      'web/Dockerfile': base['core/base/Dockerfile'],
      'web/requirements.txt': base['core/base/requirements.txt'],
      'web/libs/socrate.py': base['core/base/libs/socrate.py'],
      'cron/Dockerfile': 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY job.py .\nCMD ["python", "job.py"]\n',
    });
    expect(classOf(dir, 'flask', 'web')?.class).toBe('unverified');
    expect(classOf(dir, 'flask', 'web')?.evidence).toContain('this image is the base of cron (cron/Dockerfile:2 FROM acme/web:local)');
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });

  it('control: no Dockerfile builds on it, so flask goes (exact bytes)', async () => {
    const dir = tempProject({ ...base, 'core/admin/Dockerfile': 'FROM python:3.12-slim\nCOPY mailu/ ./mailu/\n', 'core/admin/mailu/__init__.py': '' });
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(out).toEqual({ 'core/base/requirements.txt': 'requests\n' });
  });
});

/** A `.venv` in the service folder with METADATA (Requires-Dist) and a RECORD naming its top-level module. */
const venv = (name: string, module: string, requires: string[] = []): Record<string, string> => ({
  [`svc/.venv/lib/python3.12/site-packages/${name.replace(/-/g, '_')}-1.0.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0\n${requires.map((r) => `Requires-Dist: ${r}\n`).join('')}\n`,
  [`svc/.venv/lib/python3.12/site-packages/${name.replace(/-/g, '_')}-1.0.dist-info/RECORD`]: `${module}/__init__.py,,\n`,
});
const SVC = {
  'compose.yaml': 'services:\n  svc:\n    build: ./svc\n',
  'svc/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app/ ./app/\nCMD ["python", "-m", "app"]\n',
};

describe('optional backends chosen at run time by a kept package (changedetection.io, freqtrade, Tandoor)', () => {
  it('apprise: paho-mqtt serves mqtt:// URLs a user configures (no trigger in the code); left-pad-like six still goes', async () => {
    const dir = tempProject({ ...SVC, 'svc/requirements.txt': 'apprise\npaho-mqtt\nsix\n', 'svc/app/__main__.py': 'import apprise\napprise.Apprise().notify("x")\n' });
    expect(classOf(dir, 'paho-mqtt')?.class).toBe('optional-backend');
    expect(classOf(dir, 'paho-mqtt')?.evidence).toContain('apprise plugins load these for notification URLs configured at run time');
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({ 'svc/requirements.txt': 'apprise\npaho-mqtt\n' });
  });

  it('pandas uses bottleneck and numexpr whenever installed', () => {
    const dir = tempProject({ ...SVC, ...venv('bottleneck', 'bottleneck', ['numpy']), ...venv('numexpr', 'numexpr', ['numpy']), 'svc/requirements.txt': 'pandas\nbottleneck\nnumexpr\n', 'svc/app/__main__.py': 'import pandas as pd\n' });
    expect([classOf(dir, 'bottleneck')?.class, classOf(dir, 'numexpr')?.class]).toEqual(['optional-backend', 'optional-backend']);
  });

  it('django-allauth with allauth.socialaccount installed: requests-oauthlib (providers added from the environment) is kept', () => {
    const dir = tempProject({
      ...SVC,
      ...venv('django-allauth', 'allauth', ['Django>=4.2', 'asgiref']),
      'svc/requirements.txt': 'Django\ndjango-allauth\nrequests-oauthlib\n',
      'svc/app/__main__.py': 'import os\nfrom django.conf import settings\nINSTALLED_APPS = ["allauth", "allauth.socialaccount"] + os.environ.get("SOCIAL_PROVIDERS", "").split(",")\n',
    });
    expect(classOf(dir, 'requests-oauthlib')?.class).toBe('optional-backend');
  });
});

describe('code the sources do not hold, loaded at run time, may import anything (freqtrade strategies, Tandoor plugins)', () => {
  const files = (main: string, extra: Record<string, string> = {}): Record<string, string> => ({ ...SVC, 'svc/requirements.txt': 'requests\nsix\n', 'svc/app/__main__.py': `import requests\n${main}`, ...extra });

  it('importlib.util.spec_from_file_location (user strategies from a mounted folder): six is unverified, not removed', async () => {
    const dir = tempProject(files('import importlib.util\n\ndef load(path):\n    spec = importlib.util.spec_from_file_location("strategy", path)\n    return spec\n'));
    expect(classOf(dir, 'six')?.class).toBe('unverified');
    expect(classOf(dir, 'six')?.evidence).toContain('but the service runs code its sources do not hold (svc/app/__main__.py:5: spec_from_file_location() runs a Python file by its path), which may import it: kept');
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });

  it("__import__(f'app.plugins.{d}.apps') with no app/plugins/ in the sources (plugins cloned there): unverified", () => {
    const dir = tempProject(files("import os\nfor d in os.listdir('app/plugins'):\n    __import__(f'app.plugins.{d}.apps')\n"));
    expect(classOf(dir, 'six')?.evidence).toContain("svc/app/__main__.py:4: __import__() loads modules under app.plugins, a package the image's sources do not hold");
  });

  it('control: the same loop over a package the sources hold (app/handlers/) proves nothing away: six goes (exact bytes)', async () => {
    const dir = tempProject(files("from importlib import import_module\nfor d in ('a',):\n    import_module(f'app.handlers.{d}')\n", { 'svc/app/handlers/a.py': '' }));
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({ 'svc/requirements.txt': 'requests\n' });
  });
});
