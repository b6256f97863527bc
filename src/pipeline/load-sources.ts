import path from 'node:path';
import { loadDeps } from '../deps/load-service.js';
import type { Facts } from '../facts/types.js';
import type { Project } from '../project/model.js';
import type { AnyTransform, Loaded, Policy } from '../transform/types.js';

/**
 * The load stage for the selected transforms: what their meta says they read (Python or Node sources) is read
 * here, once per pass, so that `run` never touches the disk. Nothing is loaded that no transform reads.
 */
export function loadForTransforms(project: Project, facts: Facts, transforms: readonly AnyTransform[], policies: readonly Policy[] | undefined): Loaded {
  const loaded: Loaded = {};
  const readers = transforms.filter((t) => t.meta.reads.includes('python') || t.meta.reads.includes('node'));
  if (!readers.length) return loaded;
  // A policy's `sitePackages` (the first that names one) says where installed metadata is read from.
  const names = new Set(readers.map((t) => t.meta.name));
  const site = policies?.find((p) => names.has(p.transform) && typeof p.options.sitePackages === 'string')?.options.sitePackages as string | undefined;
  loaded.deps = loadDeps(project, facts, site === undefined ? undefined : path.resolve(project.root, site));
  return loaded;
}
