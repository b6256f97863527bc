import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';
import { DOCKERFILE, classOf, classes, pyService } from './helpers.js';

const df = (cmd: string, extra = ''): string => `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n${extra}${cmd}\n`;

describe('classification goldens', () => {
  it('one service with every class: exact findings', () => {
    const dir = pyService({
      'svc/Dockerfile': df('CMD ["uvicorn", "app.main:app"]'),
      'svc/requirements.txt': 'fastapi==0.115.2\nuvicorn[standard]==0.32.0\naiosqlite==0.20.0\nrequests==2.32.3\npandas==2.2.3\npytest==8.3.3\n',
      'svc/app/__init__.py': '',
      'svc/app/main.py': 'import fastapi\nimport requests\nimport urllib3\nimport yaml\nimport os\nfrom .db import engine\nfrom app import db\n',
      'svc/app/db.py': 'from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine("sqlite+aiosqlite:///x.db")\n',
    });
    expect(classes(dir)).toEqual([
      'svc fastapi used svc/requirements.txt:1',
      'svc uvicorn cli svc/requirements.txt:2',
      'svc aiosqlite implicit svc/requirements.txt:3',
      'svc requests used svc/requirements.txt:4',
      'svc pandas unused svc/requirements.txt:5',
      'svc pytest test-only svc/requirements.txt:6',
      'svc pyyaml missing svc/app/main.py:4',
      'svc sqlalchemy missing svc/app/db.py:1',
      'svc urllib3 transitive svc/app/main.py:3',
    ]);
    expect(classOf(dir, 'urllib3')!.evidence).toBe('import urllib3 at svc/app/main.py:3; not declared, installed by requests → urllib3');
    expect(classOf(dir, 'pandas')!.evidence).toBe('no import of pandas (import names from bundled table (repo pandas-dev/pandas: pandas/)) in 3 Python files copied into the image (svc); not run as a command; no implicit use');
  });

  it('namespace packages match on the dotted prefix', () => {
    const dir = pyService({
      'svc/Dockerfile': DOCKERFILE,
      'svc/requirements.txt': 'google-cloud-storage\ngoogle-cloud-bigquery\nprotobuf\n',
      'svc/main.py': 'from google.cloud import storage\nimport google.protobuf.json_format\n',
    });
    expect(classes(dir)).toEqual([
      'svc google-cloud-storage used svc/requirements.txt:1',
      'svc google-cloud-bigquery unused svc/requirements.txt:2',
      'svc protobuf used svc/requirements.txt:3',
    ]);
  });

  it('google.protobuf without protobuf declared is transitive through google-cloud-storage', () => {
    const dir = pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': 'google-cloud-storage\n', 'svc/main.py': 'import google.cloud.storage\nfrom google.protobuf import message\n' });
    expect(classes(dir)).toEqual(['svc google-cloud-storage used svc/requirements.txt:1', 'svc protobuf transitive svc/main.py:2']);
  });

  it('only what the Dockerfile copies counts: imports in other folders of the context do not', () => {
    const dir = pyService({
      'svc/Dockerfile': 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ ./src/\nCMD ["python", "-m", "src.main"]\n',
      'svc/requirements.txt': 'requests\npandas\n',
      'svc/src/main.py': 'import requests\n',
      'svc/scripts/report.py': 'import pandas\n',
    });
    expect(classes(dir)).toEqual(['svc requests used svc/requirements.txt:1', 'svc pandas unused svc/requirements.txt:2']);
  });

  it('a shared folder copied from the build context root counts', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      dockerfile: services/a/Dockerfile\n',
      'services/a/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY services/a/requirements.txt .\nRUN pip install -r requirements.txt\nCOPY shared/ ./shared/\nCOPY services/a/ ./\nCMD ["python", "main.py"]\n',
      'services/a/requirements.txt': 'sqlalchemy\nredis\n',
      'services/a/main.py': 'from shared.db import engine\n',
      'shared/__init__.py': '',
      'shared/db.py': 'import sqlalchemy\n',
      'services/b/worker.py': 'import redis\n',
    });
    expect(classes(dir)).toEqual(['a sqlalchemy used services/a/requirements.txt:1', 'a redis unused services/a/requirements.txt:2']);
  });

  it('without a readable Dockerfile the build context is the source', () => {
    const dir = pyService({ 'svc/requirements.txt': 'requests\nboto3\n', 'svc/app.py': 'import requests\n' });
    expect(classes(dir)).toEqual(['svc requests used svc/requirements.txt:1', 'svc boto3 unused svc/requirements.txt:2']);
  });

  it('requirements includes are followed; local modules and src/ layouts are not missing', () => {
    const dir = pyService({
      'svc/Dockerfile': DOCKERFILE,
      'svc/requirements.txt': '-r base.txt\nflask\n',
      'svc/base.txt': 'requests\n',
      'svc/main.py': 'import flask\nimport requests\nimport helpers\nimport mypkg.core\n',
      'svc/helpers.py': '',
      'svc/src/mypkg/core.py': '',
    });
    expect(classes(dir)).toEqual(['svc flask used svc/requirements.txt:2', 'svc requests used svc/base.txt:1']);
  });

  it('imports only in test files make a package test-only; test files never make anything missing', () => {
    const dir = pyService({
      'svc/Dockerfile': DOCKERFILE,
      'svc/requirements.txt': 'responses-lib\nmock\n',
      'svc/main.py': 'import os\n',
      'svc/tests/test_app.py': 'import responses_lib\nimport mock\nimport hypothesis\n',
    });
    expect(classes(dir)).toEqual(['svc responses-lib test-only svc/requirements.txt:1', 'svc mock test-only svc/requirements.txt:2']);
    expect(classOf(dir, 'responses-lib')!.evidence).toBe('imported only by test files: svc/tests/test_app.py:1');
  });

  it('TYPE_CHECKING and try/except ImportError imports of undeclared packages are not missing', () => {
    const dir = pyService({
      'svc/Dockerfile': DOCKERFILE,
      'svc/requirements.txt': 'requests\n',
      'svc/main.py': 'import requests\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mypy_boto3_s3\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n',
    });
    expect(classes(dir)).toEqual(['svc requests used svc/requirements.txt:1']);
  });

  it('site-packages metadata gives import names (top_level.txt, else RECORD) and requirements', () => {
    const dir = pyService({
      'svc/Dockerfile': DOCKERFILE,
      'svc/requirements.txt': 'odd-dist\nrecord-only\nframework\n',
      'svc/main.py': 'import oddmod\nimport recmod.sub\nimport helperlib\n',
      'site/odd_dist-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: odd-dist\nVersion: 1.0\n',
      'site/odd_dist-1.0.dist-info/top_level.txt': 'oddmod\n',
      'site/record_only-2.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: record-only\nVersion: 2.0\n',
      'site/record_only-2.0.dist-info/RECORD': 'recmod/__init__.py,,\nrecmod/sub.py,,\nrecord_only-2.0.dist-info/METADATA,,\n',
      'site/framework-3.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: framework\nVersion: 3.0\nRequires-Dist: helperlib (>=1)\nRequires-Dist: extra-thing ; extra == "x"\n',
      'site/framework-3.0.dist-info/top_level.txt': 'framework\n',
    });
    const site = `${dir}/site`;
    expect(classes(dir, { sitePackages: site })).toEqual([
      'svc odd-dist used svc/requirements.txt:1',
      'svc record-only used svc/requirements.txt:2',
      'svc framework unused svc/requirements.txt:3',
      'svc helperlib transitive svc/main.py:3',
    ]);
    // Without the metadata the names are unknown: a guessed name never makes a package unused.
    expect(classes(dir)).toContain('svc odd-dist unknown-name svc/requirements.txt:1');
  });
});

describe('extras carry implicit packages only while their package stays', () => {
  it('uvloop beside uvicorn[standard] is kept when uvicorn runs (uvicorn loads it whenever installed), unused with it when nothing runs uvicorn', () => {
    const files = (cmd: string) => ({ 'svc/Dockerfile': `FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n${cmd}\n`, 'svc/requirements.txt': 'uvicorn[standard]\nuvloop\n', 'svc/main.py': 'import os\n' });
    expect(classes(pyService(files('CMD ["uvicorn", "main:app"]')))).toEqual(['svc uvicorn cli svc/requirements.txt:1', 'svc uvloop optional-backend svc/requirements.txt:2']);
    expect(classes(pyService(files('CMD ["python", "main.py"]')))).toEqual(['svc uvicorn unused svc/requirements.txt:1', 'svc uvloop unused svc/requirements.txt:2']);
  });
});
