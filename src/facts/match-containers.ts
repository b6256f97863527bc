import type { Project } from '../project/model.js';

/** What a container name says about its service: one service key, none, or several (then it is never used). */
export type ContainerMatch = { key: string } | { none: true } | { ambiguous: string[] };

/**
 * Map a container name to a service key the way compose names containers: `container_name`, or
 * `<project>-<service>-<n>` (v2) / `<project>_<service>_<n>` (v1) — compose always adds the number, so
 * `proj-web-2` is replica 2 of `web`, never service `web-2` (whose containers are `proj-web-2-<n>`).
 * A name that more than one service could carry (project `a-b` service `c` and project `a` service `b-c`;
 * a `container_name` equal to another service's generated name) is ambiguous: reported, never used.
 */
export function containerMatcher(project: Project): (container: string) => ContainerMatch {
  const explicit = new Map<string, Set<string>>();
  const generated = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, name: string, key: string): void => {
    m.set(name, (m.get(name) ?? new Set()).add(key));
  };
  for (const s of project.services) {
    if (s.containerName) add(explicit, s.containerName, s.key);
    for (const sep of ['-', '_']) add(generated, `${sep}${s.project.name}${sep}${s.name}`, s.key);
  }
  return (container: string) => {
    const name = container.replace(/^\//, '');
    const keys = new Set(explicit.get(name) ?? []);
    const m = /^(.*)([-_])\d+$/.exec(name);
    // The separator is compose's own for the whole name: v2 `-` throughout, v1 `_` throughout.
    if (m) for (const k of generated.get(`${m[2]}${m[1]}`) ?? []) keys.add(k);
    if (keys.size === 0) return { none: true };
    if (keys.size > 1) return { ambiguous: [...keys].sort() };
    return { key: [...keys][0]! };
  };
}
