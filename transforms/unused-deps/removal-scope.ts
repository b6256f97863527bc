import type { SourceFile } from '../../src/core/source.js';
import { removable, type DepsPolicy } from '../../src/deps/policy.js';
import type { DepFinding, Ecosystem, ServiceDeps } from '../../src/deps/types.js';
import type { Project } from '../../src/project/model.js';
import type { TransformContext } from '../../src/transform/types.js';

/** Where a planner's results go: the transform's context (the pipeline stamps the name). */
export type PlanOut = Pick<TransformContext, 'report' | 'change' | 'edit' | 'derive'>;

/** The service that keeps a package in a shared file, and its finding (none: it does not declare it there). */
export interface Keeper {
  service: ServiceDeps;
  finding?: DepFinding;
}

/** What both removal planners (requirements files, package.json) start from, for one ecosystem. */
export interface RemovalScope {
  project: Project;
  /** The ecosystem's analyses, in project order. */
  analyses: readonly ServiceDeps[];
  /** The unused-deps policy of a service (undefined: not selected by --service or any policy's services:). */
  policyOf(service: string): DepsPolicy | undefined;
  /** The services that install a declaring file (absolute path), in project order; `fallback` when none is known. */
  usersOf(file: string, fallback: ServiceDeps): readonly ServiceDeps[];
  /** A service's finding for a package it declares, editably, in `file` (name as normalised). */
  findingFor(a: ServiceDeps, file: string, name: string): DepFinding | undefined;
  /** The first of `users` that keeps `name` in `file` (not selected, or its class or policy keeps it); undefined: all may lose it. */
  keeper(users: readonly ServiceDeps[], file: string, name: string): Keeper | undefined;
  /** A file's text as the load stage read it: a transform never reads the disk. */
  source(abs: string): SourceFile;
}

/**
 * The per-service prologue both planners share: one ecosystem's analyses, who installs each declaring file
 * (`filesOf`: the files a service installs its packages from), and the rule that a shared file loses a package
 * only when every service installing it may lose it under its own policy.
 */
export function removalScope(
  project: Project,
  all: readonly ServiceDeps[],
  ecosystem: Ecosystem,
  policyOf: (service: string) => DepsPolicy | undefined,
  filesOf: (a: ServiceDeps) => readonly string[],
): RemovalScope {
  const analyses = all.filter((a) => a.ecosystem === ecosystem);
  const installers = new Map<string, ServiceDeps[]>();
  for (const a of analyses) {
    for (const file of filesOf(a)) {
      const list = installers.get(file) ?? [];
      if (!list.includes(a)) list.push(a);
      installers.set(file, list);
    }
  }
  const findingFor = (a: ServiceDeps, file: string, name: string): DepFinding | undefined =>
    a.findings.find((f) => f.declared && !f.declared.readOnly && f.declared.file === file && f.declared.normalized === name);
  return {
    project,
    analyses,
    policyOf,
    usersOf: (file, fallback) => installers.get(file) ?? [fallback],
    findingFor,
    keeper(users, file, name) {
      for (const service of users) {
        const finding = findingFor(service, file, name);
        if (!finding || !removable(finding, policyOf(service.service.name))) return finding ? { service, finding } : { service };
      }
      return undefined;
    },
    source(abs) {
      const f = project.files.get(abs);
      if (!f) throw new Error(`unused-deps: ${abs} was not read by the load stage`);
      return f;
    },
  };
}
