import type { Project } from '../project/model.js';

/**
 * Map a container name to a service key the way compose names containers: `container_name`,
 * `<project>-<service>-<n>` (v2) or `<project>_<service>_<n>` (v1).
 */
export function containerMatcher(project: Project): (container: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const s of project.services) {
    if (s.containerName) byName.set(s.containerName, s.key);
    for (const sep of ['-', '_']) byName.set(`${s.project.name}${sep}${s.name}`, s.key);
  }
  return (container: string) => {
    const name = container.replace(/^\//, '');
    const direct = byName.get(name);
    if (direct) return direct;
    const m = /^(.*)[-_]\d+$/.exec(name);
    return m ? byName.get(m[1]!) : undefined;
  };
}
