import { describe, expect, it } from 'vitest';
import { classOf, pyService } from './helpers.js';

const df = (tail: string): string => `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n${tail}\n`;

interface Guard {
  name: string;
  pkg: string;
  files: Record<string, string>;
  compose?: string;
  want: 'cli' | 'implicit' | 'env-switch' | 'optional-backend';
  evidence: RegExp;
}

const main = { 'svc/main.py': 'import os\n' };

/** Each entry of the cli and implicit rules: the package is never imported, and must not come out `unused`. */
const GUARDS: Guard[] = [
  { name: 'uvicorn in exec CMD', pkg: 'uvicorn', want: 'cli', evidence: /runs `uvicorn` \(svc\/Dockerfile:6 CMD/, files: { ...main, 'svc/Dockerfile': df('CMD ["uvicorn", "main:app"]'), 'svc/requirements.txt': 'uvicorn\n' } },
  { name: 'gunicorn in shell CMD with a path', pkg: 'gunicorn', want: 'cli', evidence: /runs `gunicorn`/, files: { ...main, 'svc/Dockerfile': df('CMD exec /usr/local/bin/gunicorn -w 2 main:app'), 'svc/requirements.txt': 'gunicorn\n' } },
  { name: 'hypercorn via python -m', pkg: 'hypercorn', want: 'cli', evidence: /runs `python -m hypercorn`/, files: { ...main, 'svc/Dockerfile': df('CMD ["python", "-m", "hypercorn", "main:app"]'), 'svc/requirements.txt': 'hypercorn\n' } },
  { name: 'daphne in compose entrypoint list', pkg: 'daphne', want: 'cli', evidence: /compose\.yaml:5 entrypoint/, compose: 'services:\n  svc:\n    build: ./svc\n    entrypoint:\n      - daphne\n      - main:app\n', files: { ...main, 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'daphne\n' } },
  { name: 'celery in compose command string', pkg: 'celery', want: 'cli', evidence: /compose\.yaml:4 command/, compose: 'services:\n  svc:\n    build: ./svc\n    command: celery -A main worker -l info\n', files: { ...main, 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'celery\n' } },
  { name: 'alembic in the script the CMD runs', pkg: 'alembic', want: 'cli', evidence: /svc\/start\.sh:2 \(run by svc\/Dockerfile:6 CMD\)/, files: { ...main, 'svc/start.sh': '#!/bin/sh\nalembic upgrade head\nexec python main.py\n', 'svc/Dockerfile': df('CMD ["./start.sh"]'), 'svc/requirements.txt': 'alembic\n' } },
  { name: 'alembic in sh -c of a RUN', pkg: 'alembic', want: 'cli', evidence: /Dockerfile:6 RUN/, files: { ...main, 'svc/Dockerfile': df('RUN sh -c "alembic check && echo ok"'), 'svc/requirements.txt': 'alembic\n' } },
  { name: 'uvicorn worker class named in gunicorn args', pkg: 'uvicorn', want: 'cli', evidence: /names uvicorn\.workers\.UvicornWorker/, files: { ...main, 'svc/Dockerfile': df('CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"]'), 'svc/requirements.txt': 'gunicorn\nuvicorn\n' } },
  { name: 'supervisord from supervisor', pkg: 'supervisor', want: 'cli', evidence: /runs `supervisord`/, files: { ...main, 'svc/Dockerfile': df('CMD ["supervisord", "-c", "/etc/supervisord.conf"]'), 'svc/requirements.txt': 'supervisor\n' } },
  { name: 'pytest run in the build is cli, not test-only', pkg: 'pytest', want: 'cli', evidence: /runs `pytest`/, files: { ...main, 'svc/Dockerfile': df('RUN pytest -q'), 'svc/requirements.txt': 'pytest\n' } },
  { name: 'aiosqlite via sqlite+aiosqlite:// in code', pkg: 'aiosqlite', want: 'implicit', evidence: /URL sqlite\+aiosqlite:\/\/ at svc\/main\.py:1/, files: { 'svc/main.py': 'URL = "sqlite+aiosqlite:///data.db"\n', 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'aiosqlite\n' } },
  { name: 'psycopg2 via DATABASE_URL in compose environment', pkg: 'psycopg2-binary', want: 'implicit', evidence: /URL postgresql:\/\/ at compose\.yaml:5/, compose: 'services:\n  svc:\n    build: ./svc\n    environment:\n      DATABASE_URL: postgresql://app:pw@db/app\n', files: { ...main, 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'psycopg2-binary\n' } },
  { name: 'asyncpg via an env_file', pkg: 'asyncpg', want: 'implicit', evidence: /URL postgresql\+asyncpg:\/\/ at app\.env:1/, compose: 'services:\n  svc:\n    build: ./svc\n    env_file: app.env\n', files: { ...main, 'app.env': 'DATABASE_URL=postgresql+asyncpg://db/app\n', 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'asyncpg\n' } },
  { name: 'pymysql via a URL in a config file', pkg: 'pymysql', want: 'implicit', evidence: /URL mysql\+pymysql:\/\/ at svc\/config\.ini:2/, files: { ...main, 'svc/config.ini': '[db]\nurl = mysql+pymysql://u@db/x\n', 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'pymysql\n' } },
  { name: 'python-multipart for FastAPI Form(...)', pkg: 'python-multipart', want: 'implicit', evidence: /"Form\(" at svc\/main\.py:2/, files: { 'svc/main.py': 'from fastapi import FastAPI, Form\ndef f(x: str = Form(...)): pass\n', 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'fastapi\npython-multipart\n' } },
  { name: 'uvloop beside uvicorn[standard]', pkg: 'uvloop', want: 'optional-backend', evidence: /uvicorn \(svc\/requirements\.txt:1\), always loaded when installed \[https:\/\/www\.uvicorn\.org\/settings\/#implementation\]$/, files: { ...main, 'svc/Dockerfile': df('CMD ["uvicorn", "main:app"]'), 'svc/requirements.txt': 'uvicorn[standard]\nuvloop\n' } },
  { name: 'email-validator for pydantic EmailStr', pkg: 'email-validator', want: 'implicit', evidence: /"EmailStr" at svc\/main\.py:1/, files: { 'svc/main.py': 'from pydantic import BaseModel, EmailStr\n', 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'pydantic\nemail-validator\n' } },
  { name: 'redis broker URL for celery', pkg: 'redis', want: 'env-switch', evidence: /^CELERY_BROKER_URL=redis:\/\/redis:6379\/0 \(compose\.yaml:5 environment\)/, compose: 'services:\n  svc:\n    build: ./svc\n    environment:\n      - CELERY_BROKER_URL=redis://redis:6379/0\n', files: { 'svc/main.py': 'import celery\n', 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'celery\nredis\n' } },
];

describe('false-positive guards: cli and implicit packages are never unused', () => {
  it.each(GUARDS)('$name', (g) => {
    const dir = pyService(g.files, g.compose);
    const got = classOf(dir, g.pkg);
    expect(got?.class).toBe(g.want);
    expect(got?.evidence).toMatch(g.evidence);
  });

  it('the same package without its trigger is unused (the guards can fail)', () => {
    const dir = pyService({ ...main, 'svc/Dockerfile': df('CMD ["python", "main.py"]'), 'svc/requirements.txt': 'uvicorn\naiosqlite\npsycopg2-binary\npython-multipart\n' });
    for (const p of ['uvicorn', 'aiosqlite', 'psycopg2-binary', 'python-multipart']) expect(classOf(dir, p)?.class).toBe('unused');
  });
});
