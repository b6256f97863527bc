// A synthetic compose monorepo for the benchmark: N services in one compose.yaml, each with a build
// context (Dockerfile, requirements.txt, main.py), some sharing anchors, some with torch, plus a saved
// `docker stats --no-stream` table for all of them. Deterministic: the same N gives the same bytes.
import { fileWriter, statsTable } from './write-files.js';

const MiB = 1024 * 1024;

/** A small deterministic PRNG (mulberry32), so runs compare like with like. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_REQS = ['fastapi==0.110.0', 'uvicorn[standard]==0.29.0', 'pydantic>=2.6,<3', 'requests==2.31.0', 'redis==5.0.3'];
const TORCH_REQS = ['torch==2.3.1', 'torchvision==0.18.1', 'numpy==1.26.4'];

/** How each service writes its memory limit (the forms compose accepts, in rotation). */
function limitForm(i) {
  return ['anchor', 'mem_limit', 'deploy', 'variable', 'anchor-large'][i % 5];
}

/** The limit in bytes each form gives. */
const LIMIT_BYTES = { anchor: 256 * MiB, mem_limit: 512 * MiB, deploy: 1024 * MiB, variable: 384 * MiB, 'anchor-large': 2048 * MiB };

/**
 * Write the monorepo into `dir` (which must exist and be empty).
 * `loggingAnchors` spreads `logging: *logging-K` over K anchors (1: every service aliases the same one).
 * @param {string} dir
 * @param {{ services?: number, torchEvery?: number, loggingAnchors?: number }} [opts]
 * @returns {{ dir: string, compose: string, stats: string, services: string[], torch: string[], files: number }}
 */
export function generateMonorepo(dir, opts = {}) {
  const n = opts.services ?? 200;
  const torchEvery = opts.torchEvery ?? 5;
  const loggingAnchors = opts.loggingAnchors ?? 1;
  const rand = rng(0x5eed + n);
  const names = Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const torch = [];
  const { write, count } = fileWriter(dir);
  const out = [
    '# Synthetic monorepo for `npm run bench` (bench/generate-monorepo.js).',
    'name: bench',
    '',
    'x-python: &python',
    '  restart: unless-stopped',
    '  deploy:',
    '    resources:',
    '      limits:',
    '        memory: 256M',
    '      reservations:',
    '        memory: 128M',
    '',
    'x-worker: &worker',
    '  restart: on-failure',
    '  deploy:',
    '    resources:',
    '      limits:',
    "        memory: '2G'   # model workers",
    '',
    ...Array.from({ length: loggingAnchors }, (_, k) => [
      `x-logging${k ? `-${k}` : ''}: &logging${k ? `-${k}` : ''}`,
      '  driver: json-file',
      `  options: { max-size: "${10 + k}m", max-file: "3" }`,
      '',
    ]).flat(),
    'services:',
  ];
  names.forEach((name, i) => {
    const form = limitForm(i);
    const ctx = `./services/${name}`;
    out.push(`  ${name}:`);
    if (form === 'anchor') out.push('    <<: *python');
    if (form === 'anchor-large') out.push('    <<: *worker');
    if (i % 3 === 0) out.push(`    build: ${ctx}`);
    else out.push('    build:', `      context: ${ctx}`, '      dockerfile: Dockerfile');
    const k = i % loggingAnchors;
    out.push(`    logging: *logging${k ? `-${k}` : ''}`);
    out.push('    environment:', `      - SERVICE_NAME=${name}`, '      - LOG_LEVEL=${LOG_LEVEL:-info}');
    if (i % 7 === 0) out.push('    # health is checked by the gateway', '    healthcheck:', '      test: ["CMD", "python", "-c", "import urllib.request"]', '      interval: 30s');
    if (form === 'mem_limit') out.push('    mem_limit: 512m', '    mem_reservation: 256m');
    if (form === 'deploy') out.push('    deploy:', '      resources:', '        limits:', '          memory: 1G', '          cpus: "0.5"');
    if (form === 'variable') out.push('    deploy:', '      resources:', '        limits:', `          memory: \${${name.toUpperCase().replace(/-/g, '_')}_MEM:-384M}`);
    if (i > 0 && i % 10 === 0) out.push('    depends_on:', `      - ${names[i - 1]}`);
    out.push('');

    const withTorch = i % torchEvery === 0;
    if (withTorch) torch.push(name);
    const reqs = [`# ${name} runtime dependencies`, ...BASE_REQS, ...(withTorch ? ['', '# model inference', ...TORCH_REQS] : [])];
    write(`services/${name}/requirements.txt`, reqs.join('\n') + '\n');
    write(
      `services/${name}/Dockerfile`,
      [
        'FROM python:3.11-slim',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN pip install --no-cache-dir -r requirements.txt',
        'COPY . .',
        'CMD ["python", "main.py"]',
        '',
      ].join('\n'),
    );
    write(
      `services/${name}/main.py`,
      [
        '"""Entry point of a synthetic service."""',
        'import os',
        'import requests',
        'from fastapi import FastAPI',
        'from pydantic import BaseModel',
        ...(withTorch ? ['import numpy as np', 'import torch', 'from torchvision import transforms'] : []),
        '',
        'app = FastAPI()',
        '',
        '',
        '@app.get("/health")',
        'def health():',
        '    return {"ok": True, "name": os.environ.get("SERVICE_NAME")}',
        '',
      ].join('\n'),
    );
  });
  const compose = write('compose.yaml', out.join('\n'));

  // docker stats --no-stream, table form; usage between 15% and 75% of each limit.
  const rows = [];
  names.forEach((name, i) => {
    const limit = LIMIT_BYTES[limitForm(i)];
    const share = 0.15 + rand() * 0.6;
    const usage = limit * share;
    const id = Math.floor(rand() * 0xffffffffffff).toString(16).padStart(12, '0');
    rows.push([id, `bench-${name}-1`, `${(rand() * 5).toFixed(2)}%`, `${(usage / MiB).toFixed(2)}MiB / ${(limit / MiB).toFixed(0)}MiB`, `${(share * 100).toFixed(2)}%`, '1.2kB / 0B', '0B / 0B', '4']);
  });
  const stats = write('docker-stats.txt', statsTable(rows));
  return { dir, compose, stats, services: names, torch, files: count() };
}
