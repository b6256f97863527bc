import path from 'node:path';
import { normalizeProjectName, type ComposeProject } from '../compose/model.js';
import { InputError } from '../core/errors.js';
import { relPath, type SourceFile } from '../core/source.js';
import { linkService, parseDockerfile } from '../dockerfile/index.js';
import { dockerfileServiceName } from './find-dockerfiles.js';
import type { Service } from './model.js';

/**
 * A repository without a compose file: every Dockerfile is a service named by its path (see
 * dockerfileServiceName), built from its own folder with no target and no build args, as `docker build` in
 * that folder would. A Dockerfile that cannot be read or is not a Dockerfile is bad input (exit 2): found by
 * name, it is the project's definition, not a guess.
 */
export function dockerfileProject(root: string, dockerfiles: readonly string[], read: (abs: string) => SourceFile, link: boolean, projectName?: string): { compose: ComposeProject; services: Service[] } {
  const cp: ComposeProject = {
    name: normalizeProjectName(projectName ?? path.basename(root)),
    dir: root,
    files: [],
    linked: [],
    services: new Map(),
    env: new Map(),
    dockerfilesOnly: true,
  };
  const services: Service[] = [];
  for (const dockerfile of dockerfiles) {
    const rel = relPath(root, dockerfile);
    const source = read(dockerfile);
    const bad = parseDockerfile(source).problems.find((p) => p.code === 'no-from' || p.code === 'unknown-instruction');
    if (bad) throw InputError.at(source.rel, source.text, bad.offset, `${bad.message} (found as a Dockerfile by its name; rename it, or use a compose file)`);
    const name = dockerfileServiceName(rel);
    const context = path.dirname(dockerfile);
    cp.services.set(name, { name, defs: [], value: { build: { context: relPath(root, context) || '.', dockerfile: path.basename(dockerfile) } } });
    const service: Service = { key: `${cp.name}/${name}`, name, project: cp, build: { context, dockerfile } };
    if (link) {
      service.link = linkService({ root, context, dockerfile, read });
      const first = service.link.errors[0];
      if (first) throw first;
    }
    services.push(service);
  }
  return { compose: cp, services };
}
