import type { Plan } from '../pipeline/session.js';
import type { Service } from '../project/model.js';

/** Services a written plan affects: build inputs changed (build + up) or only their compose values (up). */
export function affectedServices(plan: Plan): { build: Service[]; up: Service[] } {
  const written = new Set(plan.files.map((f) => f.source.path));
  const build = new Set<Service>();
  const up = new Set<Service>();
  for (const s of plan.project.services) {
    const inputs = [s.link?.dockerfile?.path, ...(s.link?.requirements.map((r) => r.path) ?? [])];
    if (inputs.some((p) => p !== undefined && written.has(p))) build.add(s);
  }
  for (const c of plan.changes) {
    const s = plan.project.services.find((x) => x.key === c.service);
    if (s && !build.has(s) && plan.files.some((f) => f.source.rel === c.file)) up.add(s);
  }
  return { build: [...build], up: [...build, ...up] };
}
