import path from 'node:path';
import type { Plan } from '../pipeline/session.js';
import type { Service } from '../project/model.js';

function within(dir: string, file: string): boolean {
  const r = path.relative(dir, file);
  return r === '' || (!r.startsWith(`..${path.sep}`) && r !== '..' && !path.isAbsolute(r));
}

/**
 * Whether writing `file` changes what `s` builds. The Dockerfile and the requirements it installs always do;
 * so does a file the Dockerfile COPYs or ADDs from the context (a requirements file copied in without pip
 * is still baked into the image). When the service was not linked (no transform read Dockerfiles) or its
 * link is a guess, any file of the build context counts. Compose files never do: compose reads them, and
 * rebuilding because `COPY . .` happens to include one would turn every memory change into a build.
 */
function isBuildInput(s: Service, file: string, composeFiles: ReadonlySet<string>): boolean {
  if (!s.build || composeFiles.has(file)) return false;
  if (file === s.build.dockerfile) return true;
  const link = s.link;
  if (link?.requirements.some((r) => r.path === file)) return true;
  if (link && !link.guessed && link.dockerfile) return link.sources.some((src) => within(src, file));
  return within(s.build.context, file);
}

/** Services a written plan affects: build inputs changed (build + up) or only their compose values (up). */
export function affectedServices(plan: Plan): { build: Service[]; up: Service[] } {
  const written = plan.files.map((f) => f.source.path);
  const composeFiles = new Set(plan.project.compose.flatMap((cp) => [...cp.files, ...cp.linked].map((f) => f.source.path)));
  const build = new Set<Service>();
  const up = new Set<Service>();
  for (const s of plan.project.services) {
    if (written.some((p) => isBuildInput(s, p, composeFiles))) build.add(s);
  }
  for (const c of plan.changes) {
    const s = plan.project.services.find((x) => x.key === c.service);
    if (s && !build.has(s) && plan.files.some((f) => f.source.rel === c.file)) up.add(s);
  }
  return { build: [...build], up: [...build, ...up] };
}
