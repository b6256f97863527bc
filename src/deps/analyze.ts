import type { Project, Service } from '../project/model.js';
import { selectedBy } from '../project/service-select.js';
import { keepBaseImageDeps } from './derived-images.js';
import { analyzeNodeService } from './node-service.js';
import { makeDepIndex, type DepIndex } from './dep-index.js';
import type { ServiceIndexes } from './metadata-sources.js';
import { analyzePythonService } from './python-service.js';
import type { ServiceDeps } from './types.js';

/** What the analysis reads besides the project. */
export interface AnalyzeOptions {
  /** Absolute site-packages folder whose metadata names import names and requirements. */
  sitePackages?: string;
  /** Only these services (compose names); empty or absent: all. */
  services?: readonly string[];
}

/**
 * Analyse every built service: Python (requirements files) and Node (package.json) dependencies, each classed.
 * `index` is one index for every service, or per-service indexes (each service's image or `.venv` metadata).
 */
export function analyzeProject(project: Project, opts: AnalyzeOptions = {}, index: DepIndex | ServiceIndexes = makeDepIndex(opts.sitePackages)): ServiceDeps[] {
  const out: ServiceDeps[] = [];
  for (const s of project.services) {
    if (opts.services?.length && !selectedBy(s, opts.services)) continue;
    if ('indexFor' in index) {
      const analyses = analyzeService(project, s, index.indexFor(s));
      const notes = index.notesFor(s);
      for (const a of analyses) if (a.ecosystem === 'python') a.notes.push(...notes);
      out.push(...analyses);
    } else out.push(...analyzeService(project, s, index));
  }
  keepBaseImageDeps(project, out);
  return out;
}

const STAGE_NOTES = new Set(['install-not-in-runtime', 'requirements-unresolved', 'build-input-unresolved', 'build-target-unknown', 'stage-build-output']);

/** The analyses of one service (Python, Node, both or none). */
export function analyzeService(project: Project, service: Service, index: DepIndex): ServiceDeps[] {
  const out: ServiceDeps[] = [];
  const py = analyzePythonService(project, service, index);
  if (py) {
    // What the stage model left unread (a dev stage's installs, an unresolvable build arg) belongs with the evidence.
    for (const p of service.link?.problems ?? []) if (STAGE_NOTES.has(p.code)) py.notes.push(`${p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : ''}${p.message}`);
    out.push(py);
  }
  for (const manifest of service.link?.nodeManifests ?? []) {
    const node = analyzeNodeService(project, service, manifest);
    if (node) out.push(node);
  }
  return out;
}
