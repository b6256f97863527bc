import { relPath } from '../core/source.js';
import type { Service } from '../project/model.js';

/**
 * Base images whose CMD is known not to start any installed Python package (an interpreter or a shell), so a stage
 * built on them without CMD/ENTRYPOINT runs nothing the requirements provide. Matched on the repository name
 * without registry, `library/` and tag (`python:3.12-slim` → `python`).
 */
const KNOWN_CMD = new Set(['scratch', 'python', 'pypy', 'debian', 'ubuntu', 'alpine', 'busybox', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'node', 'golang', 'rust', 'openjdk', 'eclipse-temurin', 'ruby', 'php']);

/** Where the command a service runs comes from when neither the Dockerfile nor compose sets one. */
export interface InheritedCommand {
  /** The external base image the runtime stage is built on, as written. */
  image: string;
  /** `Dockerfile:3 FROM`. */
  where: string;
}

/**
 * The external base image whose CMD/ENTRYPOINT the service inherits, when the command is unknown: the runtime stage
 * and the stages it is built on have no CMD/ENTRYPOINT, compose sets no `command:`/`entrypoint:`, and the base is not
 * one whose CMD is an interpreter or shell. Undefined when the command is known (or the Dockerfile was not read).
 */
export function inheritedCommand(service: Service, root: string): InheritedCommand | undefined {
  const df = service.link?.dockerfile;
  const target = service.link?.stages?.target;
  if (!df || target === undefined) return undefined;
  const svc = service.project.services.get(service.name);
  if (svc && (svc.value.command !== undefined || svc.value.entrypoint !== undefined)) return undefined;
  let stage = df.model.stages[target];
  const seen = new Set<number>();
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    if (stage.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) return undefined;
    if (stage.baseStage === undefined) break;
    stage = df.model.stages[stage.baseStage];
  }
  if (!stage) return undefined;
  const repo = stage.base.toLowerCase().replace(/@.*$/, '').replace(/:[^/]*$/, '').replace(/^(?:[^/]*[.:][^/]*\/|docker\.io\/)/, '').replace(/^library\//, '');
  // An image named by an unresolved variable is unknown too.
  if (KNOWN_CMD.has(repo)) return undefined;
  return { image: stage.base, where: `${relPath(root, df.path)}:${stage.line} FROM` };
}
