import type { Facts } from '../facts/types.js';
import type { Project } from '../project/model.js';
import { analyzeProject } from './analyze.js';
import { serviceIndexes } from './metadata-sources.js';
import type { ServiceDeps } from './types.js';

/** What the deps load step read: every service's declared packages, sources, imports and commands, classed. */
export interface DepsLoad {
  analyses: ServiceDeps[];
}

declare module '../transform/types.js' {
  interface Loaded {
    deps?: DepsLoad;
  }
}

/**
 * The load step run by the pipeline before transforms that read Python or Node sources: every service is
 * read (a requirements file shared with an unselected service must stay as that one needs it), names come
 * from its image's metadata when read, else the site-packages folder / a .venv, else the bundled table.
 */
export function loadDeps(project: Project, facts: Facts, sitePackages?: string): DepsLoad {
  const index = serviceIndexes({ root: project.root, sitePackages, images: facts.imageMetadata });
  return { analyses: analyzeProject(project, {}, index) };
}
