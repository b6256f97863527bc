import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFiles, tempProject } from '../helpers/temp-project.js';
import { classOf } from './helpers.js';

const DF = (tail = 'CMD ["python", "main.py"]', head = ''): string => `FROM python:3.12-slim\n${head}WORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n${tail}\n`;
const COMPOSE = 'services:\n  svc:\n    build: ./svc\n';

interface Case {
  name: string;
  /** Files under the root; `svc/requirements.txt` is the input. */
  files: Record<string, string>;
  compose?: string;
  /** requirements.txt after the run, byte for byte: the protected package stays, the truly unused line (`scipy`, `boto3`) goes. */
  out: string;
  pkg: string;
  cls: string;
  evidence: RegExp;
}

/**
 * One fixture per kind of evidence. Each protected package is never imported; before these classes existed the
 * transform removed it together with scipy.
 */
const CASES: Case[] = [
  // string-ref
  {
    name: 'string-ref: Django INSTALLED_APPS names rest_framework and django_filters',
    files: { 'svc/Dockerfile': DF('CMD ["gunicorn", "site.wsgi:application"]'), 'svc/requirements.txt': 'django\ngunicorn\ndjangorestframework==3.15.2\ndjango-filter\nscipy\n', 'svc/site/__init__.py': '', 'svc/site/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\napplication = get_wsgi_application()\n', 'svc/site/settings.py': 'INSTALLED_APPS = [\n    "django.contrib.admin",\n    "rest_framework",\n    \'django_filters\',\n]\n' },
    out: 'django\ngunicorn\ndjangorestframework==3.15.2\ndjango-filter\n',
    pkg: 'djangorestframework',
    cls: 'string-ref',
    evidence: /^string "rest_framework" at svc\/site\/settings\.py:3 names module rest_framework/,
  },
  {
    name: 'string-ref: a logging dictConfig class as a dotted path',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'sentry-sdk\nscipy\n', 'svc/main.py': 'import logging.config\nlogging.config.dictConfig({"handlers": {"s": {"class": "sentry_sdk.integrations.logging.EventHandler"}}})\n' },
    out: 'sentry-sdk\n',
    pkg: 'sentry-sdk',
    cls: 'string-ref',
    evidence: /^string "sentry_sdk\.integrations\.logging\.EventHandler" at svc\/main\.py:2/,
  },
  {
    name: 'string-ref: a word of a copied YAML config (logging handler class)',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'rich==13.9.4\nscipy\n', 'svc/main.py': 'import yaml\n', 'svc/logging.yaml': 'version: 1\nhandlers:\n  console:\n    class: rich.logging.RichHandler\n' },
    out: 'rich==13.9.4\n',
    pkg: 'rich',
    cls: 'string-ref',
    evidence: /^word "rich\.logging\.RichHandler" at svc\/logging\.yaml:4/,
  },
  // cli
  {
    name: 'cli: subprocess argv in Python code',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'awscli\nscipy\n', 'svc/main.py': 'import subprocess\nsubprocess.run(["aws", "s3", "cp", "a", "s3://b/a"], check=True)\n' },
    out: 'awscli\n',
    pkg: 'awscli',
    cls: 'cli',
    evidence: /^runs `aws` \(svc\/main\.py:2 subprocess: aws s3 cp a s3:\/\/b\/a\)/,
  },
  {
    name: 'cli: os.system shell string',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'alembic\nscipy\n', 'svc/main.py': 'import os\nos.system("alembic upgrade head && echo done")\n' },
    out: 'alembic\n',
    pkg: 'alembic',
    cls: 'cli',
    evidence: /^runs `alembic` \(svc\/main\.py:2 os\.system: alembic upgrade head\)/,
  },
  {
    name: 'cli: a Makefile recipe copied into the image',
    files: { 'svc/Dockerfile': DF('CMD ["make", "serve"]'), 'svc/requirements.txt': 'gunicorn\nscipy\n', 'svc/main.py': 'app = None\n', 'svc/Makefile': 'serve:\n\t@gunicorn -w 2 main:app\n' },
    out: 'gunicorn\n',
    pkg: 'gunicorn',
    cls: 'cli',
    evidence: /^runs `gunicorn` \(svc\/Makefile:2 \(Makefile recipe\)/,
  },
  {
    name: 'cli: a shell script copied into the image, run by nothing the Dockerfile shows',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'alembic\nscipy\n', 'svc/main.py': 'import os\n', 'svc/scripts/migrate.sh': '#!/bin/sh\nset -e\npython -m alembic upgrade head\n' },
    out: 'alembic\n',
    pkg: 'alembic',
    cls: 'cli',
    evidence: /^runs `python -m alembic` \(svc\/scripts\/migrate\.sh:3 \(copied into the image\)\)/,
  },
  // env-switch
  {
    name: 'env-switch: UVICORN_LOOP=uvloop in compose environment',
    compose: 'services:\n  svc:\n    build: ./svc\n    environment:\n      UVICORN_LOOP: uvloop\n',
    files: { 'svc/Dockerfile': DF('CMD ["uvicorn", "main:app"]'), 'svc/requirements.txt': 'uvicorn\nuvloop\nscipy\n', 'svc/main.py': 'app = None\n' },
    out: 'uvicorn\nuvloop\n',
    pkg: 'uvloop',
    cls: 'env-switch',
    evidence: /^UVICORN_LOOP=uvloop \(compose\.yaml:5 environment\): uvicorn event loop implementation \[https:\/\/www\.uvicorn\.org\/settings\/#implementation\]$/,
  },
  {
    name: 'env-switch: --http=httptools on the exec-form CMD',
    files: { 'svc/Dockerfile': DF('CMD ["uvicorn", "main:app", "--http=httptools"]'), 'svc/requirements.txt': 'uvicorn\nhttptools\nscipy\n', 'svc/main.py': 'app = None\n' },
    out: 'uvicorn\nhttptools\n',
    pkg: 'httptools',
    cls: 'env-switch',
    evidence: /^`--http httptools` in `uvicorn main:app --http=httptools` \(svc\/Dockerfile:6 CMD\)/,
  },
  {
    name: 'env-switch: GUNICORN_CMD_ARGS in Dockerfile ENV selects the gevent worker',
    files: { 'svc/Dockerfile': DF('CMD ["gunicorn", "main:app"]', 'ENV GUNICORN_CMD_ARGS="--worker-class=gevent --workers 2"\n'), 'svc/requirements.txt': 'gunicorn\ngevent\nscipy\n', 'svc/main.py': 'app = None\n' },
    out: 'gunicorn\ngevent\n',
    pkg: 'gevent',
    cls: 'env-switch',
    evidence: /^GUNICORN_CMD_ARGS="--worker-class=gevent --workers 2" \(svc\/Dockerfile:2 ENV\) sets `--worker-class gevent`/,
  },
  // optional-backend
  {
    name: 'optional-backend: a transformers tokenizer loads sentencepiece',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'transformers\nsentencepiece\nscipy\n', 'svc/main.py': 'from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained("t5-small")\n' },
    out: 'transformers\nsentencepiece\n',
    pkg: 'sentencepiece',
    cls: 'optional-backend',
    evidence: /^transformers tokenizers load .*: transformers \(svc\/requirements\.txt:1\), `Tokenizer` at svc\/main\.py:1 \[https:\/\/github\.com\/huggingface\/transformers\/blob\/main\/setup\.py\]$/,
  },
  {
    name: 'optional-backend: uvicorn --reload uses watchfiles',
    compose: 'services:\n  svc:\n    build: ./svc\n    command: uvicorn main:app --host 0.0.0.0 --reload\n',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'uvicorn\nwatchfiles\nscipy\n', 'svc/main.py': 'app = None\n' },
    out: 'uvicorn\nwatchfiles\n',
    pkg: 'watchfiles',
    cls: 'optional-backend',
    evidence: /^uvicorn --reload watches files .*`--reload` in `uvicorn main:app --host 0\.0\.0\.0 --reload` \(compose\.yaml:4 command\)/,
  },
  {
    name: 'optional-backend: Django runserver and pywatchman',
    files: { 'svc/Dockerfile': DF('CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]'), 'svc/requirements.txt': 'django\npywatchman\nscipy\n', 'svc/manage.py': 'from django.core.management import execute_from_command_line\n' },
    out: 'django\npywatchman\n',
    pkg: 'pywatchman',
    cls: 'optional-backend',
    evidence: /^Django runserver autoreloader .*`runserver` in `python manage\.py runserver 0\.0\.0\.0:8000`/,
  },
  {
    name: 'optional-backend: Django DATABASES ENGINE postgresql needs psycopg2',
    files: { 'svc/Dockerfile': DF('CMD ["python", "manage.py", "migrate"]'), 'svc/requirements.txt': 'django\npsycopg2-binary\nscipy\n', 'svc/manage.py': 'import django\n', 'svc/site/settings.py': 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"}}\n' },
    out: 'django\npsycopg2-binary\n',
    pkg: 'psycopg2-binary',
    cls: 'optional-backend',
    evidence: /^Django PostgreSQL ENGINE needs psycopg or psycopg2: django \(svc\/requirements\.txt:1\), string "django\.db\.backends\.postgresql" at svc\/site\/settings\.py:1 \[https:\/\/docs\.djangoproject\.com\/en\/stable\/ref\/databases\/\]$/,
  },
  {
    name: 'optional-backend: BeautifulSoup(html, "lxml")',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'beautifulsoup4\nlxml\nscipy\n', 'svc/main.py': 'from bs4 import BeautifulSoup\nsoup = BeautifulSoup("<p/>", "lxml")\n' },
    out: 'beautifulsoup4\nlxml\n',
    pkg: 'lxml',
    cls: 'optional-backend',
    evidence: /^BeautifulSoup parser "lxml" \/ "xml": beautifulsoup4 \(svc\/requirements\.txt:1\), string "lxml" at svc\/main\.py:2/,
  },
  {
    name: 'optional-backend: pandas.read_excel loads openpyxl',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'pandas\nopenpyxl\nscipy\n', 'svc/main.py': 'import pandas as pd\ndf = pd.read_excel("in.xlsx")\n' },
    out: 'pandas\nopenpyxl\n',
    pkg: 'openpyxl',
    cls: 'optional-backend',
    evidence: /^pandas\.read_excel engines .*: pandas \(svc\/requirements\.txt:1\), `read_excel` at svc\/main\.py:2 \[https:\/\/pandas\.pydata\.org\/docs\/getting_started\/install\.html#optional-dependencies\]$/,
  },
  {
    name: 'transitive: a package installed --no-deps is the only thing installing what it requires',
    files: { 'svc/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-deps -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n', 'svc/requirements.txt': 'requests==2.32.3\nidna==3.10\nscipy\n', 'svc/main.py': 'import requests\n' },
    out: 'requests==2.32.3\nidna==3.10\n',
    pkg: 'idna',
    cls: 'transitive',
    evidence: /; svc\/Dockerfile:4 installs with --no-deps, so this line is what installs it$/,
  },
  // transitive
  {
    name: 'transitive: a numpy pin beside pandas, with its comment',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'pandas==2.2.3\nnumpy==1.26.4  # need numpy<2\nscipy\n', 'svc/main.py': 'import pandas as pd\n' },
    out: 'pandas==2.2.3\nnumpy==1.26.4  # need numpy<2\n',
    pkg: 'numpy',
    cls: 'transitive',
    evidence: /^required by pandas \(svc\/requirements\.txt:1; pandas → numpy, from the bundled table: Requires-Dist of a recent release on PyPI, entered by hand\); a pin on it is deliberate: removing the line does not uninstall it, it only drops the pin \(the line says "# need numpy<2"\)$/,
  },
  {
    name: 'transitive: urllib3 pinned beside requests',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'requests==2.32.3\nurllib3==1.26.20\nscipy\n', 'svc/main.py': 'import requests\n' },
    out: 'requests==2.32.3\nurllib3==1.26.20\n',
    pkg: 'urllib3',
    cls: 'transitive',
    evidence: /^required by requests/,
  },
  {
    name: 'transitive: transformers and torch beside sentence-transformers',
    files: { 'svc/Dockerfile': DF(), 'svc/requirements.txt': 'sentence-transformers==3.2.1\ntransformers==4.46.0\ntorch==2.5.1\nboto3\n', 'svc/main.py': 'from sentence_transformers import SentenceTransformer\n' },
    out: 'sentence-transformers==3.2.1\ntransformers==4.46.0\ntorch==2.5.1\n',
    pkg: 'torch',
    cls: 'transitive',
    evidence: /^required by sentence-transformers/,
  },
  // test-only: tests/ beside the copied sources, not copied
  {
    name: 'test-only: imported only by tests the Dockerfile does not copy',
    files: { 'svc/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app/ ./app/\nCMD ["python", "-m", "app"]\n', 'svc/requirements.txt': 'requests\nhttpx\nscipy\n', 'svc/app/__main__.py': 'import requests\n', 'svc/tests/test_api.py': 'import httpx\n' },
    out: 'requests\nhttpx\n',
    pkg: 'httpx',
    cls: 'test-only',
    evidence: /^imported only by test files: svc\/tests\/test_api\.py:1$/,
  },
];

describe('evidence classes: never removed; the truly unused line still goes (exact bytes)', () => {
  it.each(CASES)('$name', async (c) => {
    const dir = tempProject({ 'compose.yaml': c.compose ?? COMPOSE, ...c.files });
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(out['svc/requirements.txt']).toBe(c.out);
    const got = classOf(dir, c.pkg);
    expect(got?.class).toBe(c.cls);
    expect(got?.evidence).toMatch(c.evidence);
  });

  it('the same fixtures without their triggers remove the package (the evidence is what keeps it)', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'svc/Dockerfile': DF('CMD ["uvicorn", "main:app"]'), 'svc/requirements.txt': 'uvicorn\nuvloop\nhttptools\nawscli\nrich\nsentencepiece\nwatchfiles\n', 'svc/main.py': 'app = None\n' });
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(out['svc/requirements.txt']).toBe('uvicorn\nuvloop\nhttptools\nsentencepiece\n');
    // uvicorn's defaults (--loop auto, --http auto) load uvloop and httptools whenever they are installed: no switch needed.
    expect(classOf(dir, 'uvloop')?.class).toBe('optional-backend');
    expect(classOf(dir, 'httptools')?.evidence).toContain('uvicorn (svc/requirements.txt:1), always loaded when installed');
    // sentencepiece stays only because its import names are unknown (unknown-name), not through any evidence class.
    expect(classOf(dir, 'sentencepiece')?.class).toBe('unknown-name');
  });

  it('a second run is a no-op (idempotent)', async () => {
    const c = CASES.find((x) => x.cls === 'transitive')!;
    const dir = tempProject({ 'compose.yaml': COMPOSE, ...c.files });
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    writeFileSync(path.join(dir, 'svc/requirements.txt'), out['svc/requirements.txt']!);
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });
});
