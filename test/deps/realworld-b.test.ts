// Classes of wrong removals found on real repositories the project was not tuned on (notes/realworld-B.md): each
// fixture failed before its fix. Mailu (core/base: a base image other Dockerfiles build FROM), …
import { describe, expect, it } from 'vitest';
import { npmLock } from '../helpers/npm-lock.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';
import { analyzeProject } from '../../src/deps/analyze.js';
import { loadProject } from '../../src/project/load.js';
import { classOf } from './helpers.js';

/** The class and evidence of a package in the service's Node analysis. */
function nodeClassOf(dir: string, pkg: string, service: string): { class: string; evidence: string } | undefined {
  const f = analyzeProject(loadProject({ root: dir })).find((a) => a.service.name === service && a.ecosystem === 'node')?.findings.find((x) => x.package === pkg);
  return f && { class: f.class, evidence: f.evidence };
}

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

  it("apps_path = f'app.plugins.{d}.apps'; __import__(apps_path) with no app/plugins/ in the sources (plugins cloned there): unverified", () => {
    const dir = tempProject(files("import os\nfor d in os.listdir('app/plugins'):\n    apps_path = f'app.plugins.{d}.apps'\n    __import__(apps_path)\n"));
    expect(classOf(dir, 'six')?.evidence).toContain("svc/app/__main__.py:5: __import__() loads modules under app.plugins (svc/app/__main__.py:4), a package the image's sources do not hold");
  });

  it('control: the same loop over a package the sources hold (app/handlers/) proves nothing away: six goes (exact bytes)', async () => {
    const dir = tempProject(files("from importlib import import_module\nfor d in ('a',):\n    import_module(f'app.handlers.{d}')\n", { 'svc/app/handlers/a.py': '' }));
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({ 'svc/requirements.txt': 'requests\n' });
  });
});

describe('Node packages used without an import (Mailu admin assets, wger static files)', () => {
  const mailu = (vendor: string): Record<string, string> => ({
    'assets/Dockerfile': 'FROM node:21-alpine\nWORKDIR /work\nCOPY package.json ./\nRUN npm install --no-audit \\\n  ; for l in de fr; do cp node_modules/datatables.net-plugins/i18n/$l.json assets/$l.json; done\nCOPY assets/ ./assets/\nCOPY webpack.config.js ./\nRUN node_modules/.bin/webpack-cli\n',
    'assets/package.json': '{\n  "dependencies": {\n    "admin-lte": "<3.2.0",\n    "datatables.net-plugins": "^1.10.24",\n    "left-pad": "^1.3.0",\n    "sass": "<1.33.0",\n    "sass-loader": "^12.1.0",\n    "webpack-cli": "^4.8.0"\n  }\n}\n',
    'assets/webpack.config.js': "module.exports = { module: { rules: [{ test: /\\.s?css$/i, use: ['css-loader', 'sass-loader'] }] } };\n",
    'assets/assets/vendor.js': vendor,
  });

  it('a RUN line copying node_modules/<pkg>/… uses it; an imported .scss needs sass; left-pad goes with a lock (exact bytes)', async () => {
    // Mailu has no lock; this one (as npm writes it) shows that no kept package requires left-pad.
    const pkg = mailu('')['assets/package.json']!;
    const dir = tempProject({ ...mailu("import 'admin-lte/build/scss/adminlte.scss';\n"), 'assets/package-lock.json': npmLock(pkg, { folder: 'assets' }) });
    expect(classOf(dir, 'datatables.net-plugins', 'assets')).toEqual({ class: 'implicit', evidence: 'reads node_modules/datatables.net-plugins by path at assets/Dockerfile:5' });
    expect(classOf(dir, 'sass', 'assets')).toEqual({ class: 'implicit', evidence: 'the bundler compiles scss styles with it (admin-lte/build/scss/adminlte.scss imported at assets/assets/vendor.js:1)' });
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    const after = pkg.replace('    "left-pad": "^1.3.0",\n', '');
    expect(out).toEqual({ 'assets/package.json': after, 'assets/package-lock.json': npmLock(after, { folder: 'assets' }) });
  }, 180_000);

  it('no lock file: sass is kept as the peer of the kept sass-loader even with no .scss in sight (unverified)', () => {
    const dir = tempProject(mailu("import 'admin-lte/dist/css/adminlte.css';\n"));
    const f = classOf(dir, 'sass', 'assets')!;
    expect(f.class).toBe('unverified');
    expect(f.evidence).toBe('not imported by any of 2 JS/TS files copied into the image (assets/assets, assets/webpack.config.js); no script or command runs it; but no lock file beside assets/package.json: which kept package requires or peer-depends on sass cannot be read (the kept sass-loader (assets/package.json:7) peer-depends on it: sass-loader package.json peerDependencies (sass, node-sass, sass-embedded optional)): kept; commit a lock (npm install --package-lock-only) to decide');
  });

  it("node_modules served as static files: {% static 'node/htmx.org/dist/htmx.min.js' %} in a Django template uses htmx.org", () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n',
      'Dockerfile': 'FROM node:22 AS builder\nWORKDIR /root/src\nCOPY package.json ./\nRUN npm install --production\n\nFROM python:3.12-slim\nCOPY . /home/wger/src\nCOPY --from=builder /root/src/node_modules /home/wger/src/node_modules\nCMD ["python", "manage.py", "runserver"]\n',
      'package.json': '{\n  "dependencies": {\n    "@popperjs/core": "^2.11.8",\n    "htmx.org": "^2.0.8",\n    "left-pad": "^1.3.0"\n  }\n}\n',
      'package-lock.json': npmLock('{"dependencies": {"@popperjs/core": "^2.11.8", "htmx.org": "^2.0.8", "left-pad": "^1.3.0"}}'),
      'manage.py': 'STATICFILES_DIRS = (("node", "node_modules"),)\n',
      'core/templates/template.html': "{% load static %}\n<script src=\"{% static 'node/htmx.org/dist/htmx.min.js' %}\"></script>\n<script src=\"{% static 'node/@popperjs/core/dist/umd/popper.js' %}\"></script>\n",
    });
    expect(nodeClassOf(dir, 'htmx.org', 'web')?.evidence).toBe('a template or stylesheet links a file of htmx.org by path at core/templates/template.html:2 (node_modules served as static files)');
    expect(nodeClassOf(dir, '@popperjs/core', 'web')?.class).toBe('implicit');
    expect(nodeClassOf(dir, 'left-pad', 'web')?.class).toBe('unused');
  });
});

describe('a backend module imported in code, not named in a string (Tandoor CustomStorageClass)', () => {
  it('from storages.backends.s3boto3 import S3Boto3Storage keeps boto3 (django-storages S3 backend)', async () => {
    const dir = tempProject({ ...SVC, 'svc/requirements.txt': 'django-storages\nboto3\n', 'svc/app/__main__.py': 'from storages.backends.s3boto3 import S3Boto3Storage\n\nclass CachedS3Boto3Storage(S3Boto3Storage):\n    pass\n' });
    expect(classOf(dir, 'boto3')).toEqual({ class: 'optional-backend', evidence: expect.stringContaining('django-storages S3 backend imports boto3: django-storages (svc/requirements.txt:1), `from storages.backends.s3boto3 import` at svc/app/__main__.py:1') });
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });
});

describe('the image installs its own project (pip install -e .), which requires packages too (freqtrade janus)', () => {
  const df = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install -e . --no-deps\nCMD ["python", "-m", "app"]\n';
  const files = (pyproject: string): Record<string, string> => ({ 'compose.yaml': 'services:\n  svc:\n    build: ./svc\n', 'svc/Dockerfile': df, 'svc/requirements.txt': 'requests\nsix\npytz\n', 'svc/app/__main__.py': 'import requests\n', 'svc/pyproject.toml': pyproject });

  it('a package the project lists in [project] dependencies is transitive; one it does not list goes (exact bytes)', async () => {
    const dir = tempProject(files('[project]\nname = "app"\ndynamic = ["version"]\ndependencies = [\n  "requests",\n  "six",  # legacy\n]\n\n[project.optional-dependencies]\ndev = ["pytz"]\n'));
    expect(classOf(dir, 'six')).toEqual({ class: 'transitive', evidence: 'required by the project the image installs (svc/Dockerfile:6; svc/pyproject.toml:6 lists it); removing the line does not uninstall it, it only drops the pin' });
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({ 'svc/requirements.txt': 'requests\nsix\n' });
  });

  it('dynamic dependencies (setup.py / dynamic = ["dependencies"]): what looks unused is unverified', () => {
    const dir = tempProject(files('[project]\nname = "app"\ndynamic = ["version", "dependencies"]\n'));
    expect(classOf(dir, 'six')?.class).toBe('unverified');
  });
});

describe('a development tool the settings load by name runs in the service (Tandoor django-debug-toolbar)', () => {
  it("INSTALLED_APPS += ('debug_toolbar',) makes django-debug-toolbar a string-ref, so include: [test-only] keeps it", async () => {
    const dir = tempProject({
      ...SVC,
      'composeshift.config.yaml': 'policies:\n  - transform: unused-deps\n    include: [test-only]\n',
      'svc/requirements.txt': 'Django\ndjango-debug-toolbar\npytest\n',
      'svc/app/__main__.py': "import os\nimport django\nINSTALLED_APPS = ['django.contrib.admin']\nif os.getenv('DEBUG_TOOLBAR'):\n    INSTALLED_APPS += ('debug_toolbar',)\n",
    });
    expect(classOf(dir, 'django-debug-toolbar')).toEqual({ class: 'string-ref', evidence: 'string "debug_toolbar" at svc/app/__main__.py:5 names module debug_toolbar (loaded by name at run time, although django-debug-toolbar is a development tool)' });
    expect((await planFiles(dir)).out).toEqual({ 'svc/requirements.txt': 'Django\ndjango-debug-toolbar\n' });
  });
});

describe('deliberate pins of what a kept package requires (changedetection.io python-socketio, python-engineio)', () => {
  it('flask-socketio requires python-socketio, which requires python-engineio: both pins are transitive, never removed', async () => {
    const dir = tempProject({ ...SVC, 'svc/requirements.txt': 'flask-socketio>=5.6.1,<6 # Re #3910\npython-engineio>=4.13.1,<5\npython-socketio>=5.11.0,<6\n', 'svc/app/__main__.py': 'from flask_socketio import SocketIO\n' });
    expect(classOf(dir, 'python-engineio')?.evidence).toMatch(/^required by flask-socketio \(svc\/requirements\.txt:1; flask-socketio → python-socketio → python-engineio, from the bundled table/);
    expect(classOf(dir, 'python-socketio')?.class).toBe('transitive');
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });
});
