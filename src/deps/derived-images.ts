import { relPath } from '../core/source.js';
import type { Project, Service } from '../project/model.js';
import type { ServiceDeps } from './types.js';

/** A service whose Dockerfile builds on another service's image. */
export interface DerivedImage {
  service: Service;
  /** `core/admin/Dockerfile:4 FROM base`. */
  where: string;
}

/** `registry:5000/org/app:1.2@sha256:…` → `registry:5000/org/app` (lower case): the repository an image is named by. */
function repository(ref: string): string {
  return ref.toLowerCase().replace(/@.*$/, '').replace(/:[^/:]*$/, '');
}

/**
 * The names another Dockerfile may build FROM to get this service's image: compose `image:` (with and without its
 * tag), compose's default `<project>-<service>`, and, for a Dockerfile found without compose (buildx bake and
 * scripts name such images themselves), the folder it sits in (`core/base/Dockerfile` → `base`).
 */
function imageNames(s: Service, sameProject: boolean): Set<string> {
  const names = new Set<string>();
  if (s.image) {
    names.add(s.image.toLowerCase());
    names.add(repository(s.image));
  }
  // The other names are the project's own: another compose project names the image by `image:` or not at all.
  if (!sameProject) return names;
  names.add(`${s.project.name}-${s.name}`.toLowerCase());
  if (s.project.dockerfilesOnly) {
    const last = s.name.split('/').pop();
    if (last && !last.includes('.')) names.add(last.toLowerCase());
  }
  return names;
}

/** compose `build.additional_contexts` entries `name: service:<other>` of a service: context name → service name. */
function serviceContexts(s: Service): Map<string, string> {
  const out = new Map<string, string>();
  const build = s.project.services.get(s.name)?.value.build;
  const extra = build && typeof build === 'object' ? (build as Record<string, unknown>).additional_contexts : undefined;
  const entries: [string, unknown][] = Array.isArray(extra)
    ? extra.filter((e): e is string => typeof e === 'string' && e.includes('=')).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])
    : extra && typeof extra === 'object' ? Object.entries(extra) : [];
  for (const [k, v] of entries) if (typeof v === 'string' && v.startsWith('service:')) out.set(k.toLowerCase(), v.slice('service:'.length));
  return out;
}

/**
 * For each service, the other services of the run whose Dockerfile has a stage built FROM its image (by name, or
 * a compose `additional_contexts` `service:` entry). What such an image installs also serves the derived images'
 * code and commands, which its own analysis does not read.
 */
export function derivedImages(project: Project): Map<Service, DerivedImage[]> {
  const out = new Map<Service, DerivedImage[]>();
  const built = project.services.filter((s) => s.build);
  const own = new Map(built.map((s) => [s, imageNames(s, true)]));
  const shared = new Map(built.map((s) => [s, imageNames(s, false)]));
  for (const b of built) {
    const df = b.link?.dockerfile;
    if (!df) continue;
    const contexts = serviceContexts(b);
    for (const stage of df.model.stages) {
      if (stage.baseStage !== undefined || !stage.base || stage.base.includes('$')) continue;
      const ref = stage.base.toLowerCase();
      for (const a of built) {
        if (a === b) continue;
        const names = (a.project === b.project ? own : shared).get(a)!;
        const viaContext = a.project === b.project && contexts.get(ref) === a.name;
        if (!viaContext && !names.has(ref) && !names.has(repository(ref))) continue;
        const list = out.get(a) ?? [];
        if (!list.some((d) => d.service === b)) list.push({ service: b, where: `${relPath(project.root, df.path)}:${stage.line} FROM ${stage.base}` });
        out.set(a, list);
      }
    }
  }
  return out;
}

/**
 * An image other services build on is used by their code too: what looks unused in its own sources is kept
 * (`unverified`), naming the derived Dockerfiles. Applied to every analysis of a base service.
 */
export function keepBaseImageDeps(project: Project, analyses: readonly ServiceDeps[]): void {
  const derived = derivedImages(project);
  for (const a of analyses) {
    const list = derived.get(a.service);
    if (!list?.length) continue;
    const names = list.slice(0, 3).map((d) => `${d.service.name} (${d.where})`).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
    for (const f of a.findings) {
      if (f.class !== 'unused') continue;
      f.class = 'unverified';
      f.evidence = `${f.evidence}; but this image is the base of ${names}, whose code and commands also run on what it installs and are not read with it: kept`;
    }
  }
}
