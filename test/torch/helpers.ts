import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { stringify } from 'yaml';
import type { Finding } from '../../src/core/finding.js';
import { planRun, type Plan } from '../../src/pipeline/session.js';
import type { Transform } from '../../src/transform/types.js';
import torchCpu from '../../transforms/torch-cpu/index.js';

/** Only this transform: tests do not depend on the shared registry. */
export const registry: ReadonlyMap<string, Transform> = new Map([[torchCpu.meta.name, torchCpu]]);

const made: string[] = [];
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

/** The Dockerfile most cases use: installs app/requirements.txt. */
export const REQ_DOCKERFILE = 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';

/**
 * A temp project: `files` (root-relative) plus a compose.yaml building each folder named in `services`
 * (default: `app`), and a config holding `policies` when given.
 */
export function project(files: Record<string, string>, policies?: Record<string, unknown>[], services: Record<string, string> = { app: './app' }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'composeshift-torch-'));
  made.push(dir);
  const compose = `services:\n${Object.entries(services).map(([name, ctx]) => `  ${name}:\n    build: ${ctx}\n`).join('')}`;
  const all: Record<string, string> = { 'compose.yaml': compose, ...files };
  if (policies) all['composeshift.config.yaml'] = stringify({ policies: policies.map((p) => ({ transform: 'torch-cpu', ...p })) });
  for (const [rel, text] of Object.entries(all)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

/** Plan the project with torch-cpu; the new text of each changed file by relative path. */
export async function plan(dir: string, services?: string[]): Promise<{ plan: Plan; out: Record<string, string> }> {
  const p = await planRun({ root: dir, cwd: dir, transforms: ['torch-cpu'], ...(services ? { services } : {}) }, registry);
  const out: Record<string, string> = {};
  for (const f of p.files) out[f.source.rel] = f.after;
  return { plan: p, out };
}

/** Write planned texts to disk (what `apply` does, without its checks). */
export function write(dir: string, out: Record<string, string>): void {
  for (const [rel, text] of Object.entries(out)) writeFileSync(path.join(dir, rel), text);
}

/** `code` of each finding, sorted, for compact assertions. */
export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code).sort();
}
