import { analyzeProject } from '../../src/deps/analyze.js';
import type { DepClass } from '../../src/deps/types.js';
import { loadProject } from '../../src/project/load.js';
import { tempProject } from '../helpers/temp-project.js';

/** A one-service project: compose.yaml building `svc` from `svc/` plus the given files (paths relative to the root). */
export function pyService(files: Record<string, string>, compose = 'services:\n  svc:\n    build: ./svc\n'): string {
  return tempProject({ 'compose.yaml': compose, ...files });
}

export const DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n';

/** Findings of every analysed service as compact rows: `service package class file:line`. */
export function classes(dir: string, opts: { sitePackages?: string } = {}): string[] {
  const project = loadProject({ root: dir });
  return analyzeProject(project, opts).flatMap((a) => a.findings.map((f) => `${a.service.name} ${f.package} ${f.class} ${f.file}:${f.line}`));
}

/** The class and evidence of one package of one service. */
export function classOf(dir: string, pkg: string, service = 'svc'): { class: DepClass; evidence: string } | undefined {
  const project = loadProject({ root: dir });
  const f = analyzeProject(project).find((a) => a.service.name === service)?.findings.find((x) => x.package === pkg);
  return f && { class: f.class, evidence: f.evidence };
}
