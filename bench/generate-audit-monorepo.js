// A synthetic monorepo for the dependency audit's benchmark: N services in one compose.yaml, all built from the
// repository root (`context: .`), each copying a large `shared/` library plus its own folder — so the same files are
// copied by every service, as in the 110-service monorepo that once took 53 s. Each service has an app package,
// tests the Dockerfile does not copy, a start script, a config file and ~15 requirements. Deterministic.
import { fileWriter } from './write-files.js';

const REQS = ['fastapi==0.110.0', 'uvicorn[standard]==0.29.0', 'gunicorn==22.0.0', 'pydantic>=2.6,<3', 'requests==2.31.0', 'urllib3==1.26.20  # pin', 'redis==5.0.3', 'sqlalchemy==2.0.30', 'psycopg2-binary==2.9.9', 'alembic==1.13.1', 'celery==5.4.0', 'python-json-logger==2.0.7', 'boto3==1.34.0', 'pandas==2.2.2', 'numpy==1.26.4  # need numpy<2', 'scipy==1.13.0', 'pytest==8.2.0', 'httpx==0.27.0'];
const SHARED_MODULES = 60;

function sharedModule(k) {
  const lines = ['"""Shared helpers, part ' + k + '."""', 'import os', 'import json', 'import logging', 'from typing import Any', ''];
  if (k % 3 === 0) lines.push('import requests');
  if (k % 4 === 0) lines.push('from sqlalchemy import create_engine');
  if (k % 5 === 0) lines.push('import redis');
  if (k % 7 === 0) lines.push('def export(df):', '    import pandas as pd', '    return pd.DataFrame(df)');
  lines.push('', 'LOGGING = {"formatters": {"json": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter"}}}', '');
  for (let f = 0; f < 25; f++) {
    lines.push(`def helper_${k}_${f}(value: Any, *, key: str = "k${f}") -> dict:`, `    """Return a record for ${f}."""`, `    logging.getLogger(__name__).debug("helper %s", "${k}.${f}")`, `    return {"key": key, "value": json.dumps(value), "env": os.environ.get("SERVICE_NAME", "x${f}")}`, '');
  }
  return lines.join('\n');
}

/**
 * Write the monorepo into `dir` (which must exist and be empty).
 * @param {string} dir
 * @param {{ services?: number }} [opts]
 * @returns {{ dir: string, services: string[], files: number }}
 */
export function generateAuditMonorepo(dir, opts = {}) {
  const n = opts.services ?? 100;
  const names = Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const { write, count } = fileWriter(dir);
  write('shared/__init__.py', '');
  for (let k = 0; k < SHARED_MODULES; k++) write(`shared/mod_${k}.py`, sharedModule(k));
  write('tests/test_shared.py', 'import pytest\nimport shared.mod_0\n');
  const compose = ['# Synthetic monorepo for the audit bench (bench/generate-audit-monorepo.js).', 'name: audit-bench', 'services:'];
  names.forEach((name, i) => {
    compose.push(`  ${name}:`, '    build:', '      context: .', `      dockerfile: services/${name}/Dockerfile`, '    environment:', '      - CELERY_BROKER_URL=redis://redis:6379/0', `      - DATABASE_URL=postgresql://app@db/${name.replace(/-/g, '_')}`, '');
    const base = `services/${name}`;
    write(`${base}/Dockerfile`, ['FROM python:3.12-slim', 'WORKDIR /app', `COPY ${base}/requirements.txt .`, 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY shared/ ./shared/', `COPY ${base}/ ./`, 'CMD ["./start.sh"]', ''].join('\n'));
    write(`${base}/requirements.txt`, `# ${name}\n${REQS.slice(0, 12 + (i % 7)).join('\n')}\n`);
    write(`${base}/start.sh`, '#!/bin/sh\nset -e\nalembic upgrade head\nexec gunicorn -k uvicorn.workers.UvicornWorker app.main:app\n');
    write(`${base}/config.yaml`, 'logging:\n  formatter: pythonjsonlogger.jsonlogger.JsonFormatter\nworkers: 2\n');
    write(`${base}/app/__init__.py`, '');
    write(`${base}/app/main.py`, ['from fastapi import FastAPI', 'from pydantic import BaseModel', 'import requests', `from shared import mod_${i % SHARED_MODULES}`, 'from .models import Item', 'from . import tasks', '', 'app = FastAPI()', '', '@app.get("/health")', 'def health():', '    return {"ok": True}', ''].join('\n'));
    write(`${base}/app/models.py`, 'from pydantic import BaseModel\nfrom sqlalchemy.orm import DeclarativeBase\n\nclass Item(BaseModel):\n    name: str\n');
    write(`${base}/app/tasks.py`, 'from celery import Celery\n\ncelery = Celery("tasks")\n');
    for (let u = 0; u < 5; u++) write(`${base}/app/util_${u}.py`, sharedModule(1000 + u));
    write(`${base}/tests/test_main.py`, 'import httpx\nimport pytest\nfrom app.main import app\n');
  });
  write('compose.yaml', compose.join('\n') + '\n');
  return { dir, services: names, files: count() };
}
