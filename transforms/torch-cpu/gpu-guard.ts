import type { Project, Service } from '../../src/project/model.js';
import { parsedRequirements, parseRequirements } from '../../src/requirements/index.js';
import { cudaCompanion, gpuBuildLabel } from './companions.js';
import { TARGETS } from './types.js';
import { gpuEvidence, gpuNamed, type GpuEvidence } from './gpu.js';

/** Which services want a GPU, and which files and pip commands they install (so no other service edits them). */
export interface GpuGuard {
  evidence: Map<Service, GpuEvidence[]>;
  /** Unit key (requirements path, or `Dockerfile path#offset`) → the GPU services that install it. */
  users: Map<string, Service[]>;
}

/**
 * Look at every service of the project (not only the selected ones: a file a GPU service installs must stay as it
 * is whoever asks for the conversion): its GPU evidence (see gpu.ts), GPU-only packages among what it installs
 * (`xformers`, `triton`, `nvidia-*-cu12`…), and requirements files named for a GPU build.
 */
export function gpuGuard(project: Project): GpuGuard {
  const evidence = new Map<Service, GpuEvidence[]>();
  const users = new Map<string, Service[]>();
  for (const service of project.services) {
    const link = service.link;
    if (!link) continue;
    const found = [...gpuEvidence(service), ...installedEvidence(project, service)];
    if (found.length === 0) continue;
    evidence.set(service, found);
    const keys = [...link.requirements.map((r) => r.path), ...(link.dockerfile ? link.pipInstalls.map((i) => `${link.dockerfile!.path}#${i.range[0]}`) : [])];
    for (const key of new Set(keys)) users.set(key, [...(users.get(key) ?? []), service]);
  }
  return { evidence, users };
}

/** GPU-only packages a service installs (requirements files and inline pip installs), and GPU-named requirements files. */
function installedEvidence(project: Project, service: Service): GpuEvidence[] {
  const link = service.link!;
  const out: GpuEvidence[] = [];
  for (const r of link.requirements) {
    const source = project.files.get(r.path);
    if (!source) continue;
    if (r.via !== 'guess' && gpuNamed(source.rel)) out.push({ what: `a requirements file named for a GPU build (${source.rel.split('/').pop()})`, file: source.rel });
    if (r.kind === 'constraint') continue; // a pin in a constraints file installs nothing
    for (const l of parsedRequirements(source).lines) {
      const req = l.kind === 'requirement' ? l.requirement : undefined;
      const name = req?.name?.text;
      const label = req && !TARGETS.has(req.name?.normalized ?? '') ? gpuBuildLabel(req.specifier?.text, req.url?.text) : undefined;
      if ((name && cudaCompanion(name)) || label) out.push({ what: `${label ? `a ${label} build: ` : ''}${source.text.slice(l.start, l.end).trim()}`, file: source.rel, line: l.line });
    }
  }
  const df = link.dockerfile?.model.file;
  for (const install of df ? link.pipInstalls : []) {
    if (install.subcommand === 'download') continue;
    for (const p of install.packages) {
      // A wheel file or URL names its distribution (`xformers-0.0.14.dev0-cp310-…whl` copied in from another stage).
      const req = p.kind !== 'editable' && !p.variable ? parseRequirements(`${p.text}\n`).lines[0]?.requirement : undefined;
      const name = req?.name?.text;
      const label = req && !TARGETS.has(req.name?.normalized ?? '') ? gpuBuildLabel(req.specifier?.text, req.url?.text) : undefined;
      if ((name && cudaCompanion(name)) || label) out.push({ what: `pip install … ${p.text}`, file: df!.rel, line: install.line });
    }
  }
  return out;
}
