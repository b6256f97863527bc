import path from 'node:path';
import { selectedBy, serviceNames } from '../project/service-select.js';
import { applyEnvironment, composeVariables } from '../compose/environment.js';
import { configTransformSpecs, findConfig, loadConfig, readConfigFile, type Config } from '../config/load.js';
import { UsageError } from '../core/errors.js';
import { gatherFacts, type UsageSource } from '../facts/gather.js';
import type { Facts } from '../facts/types.js';
import { checkRoot, loadProject } from '../project/load.js';
import type { SourceFile } from '../core/source.js';
import type { Project } from '../project/model.js';
import { withPlugins } from '../transform/load-plugin.js';
import type { Transform } from '../transform/types.js';
import type { FileChange } from './apply-edits.js';
import type { RunEdit } from './original-ranges.js';
import { runPasses } from './passes.js';
import type { RunResult } from './run-transforms.js';
import { verify } from './verify.js';

/** Everything a run is asked to do. */
export interface RunOptions extends UsageSource {
  /** `--env-file` paths (relative to cwd), in order; they replace the project's `.env`. */
  envFiles?: string[];
  /** The process environment, for `${VAR}` values (wins over env files, as in docker compose). */
  environment?: Readonly<Record<string, string | undefined>>;
  root: string;
  config?: string;
  files?: string[];
  projectName?: string;
  recursive?: boolean;
  transforms?: string[];
  services?: string[];
  /** Follow include/extends/env_file/-r/-c/Dockerfile paths and symlinks that leave the root. */
  allowOutsideRoot?: boolean;
}

/** A planned run: the loaded project, its facts, what the transforms want, the verified new texts. */
export interface Plan extends RunResult {
  /** Every accepted edit; its range is on the original text unless `rangeOf` names a pass's output. */
  edits: RunEdit[];
  project: Project;
  facts: Facts;
  config: Config;
  transforms: Transform[];
  files: FileChange[];
  /** Passes the transforms took (more than 1 when a conflict deferred one). */
  passes: number;
}

/** Pick the transforms of a run: -t names, else those the config has policies for, else all. */
export function selectTransforms(registry: ReadonlyMap<string, Transform>, names: readonly string[] | undefined, config: Config): Transform[] {
  if (names?.length) {
    // `-t x -t x` (or a plugin named by path and by name) runs it once: twice was exit 2, "two edits change the same text".
    return [
      ...new Set(
        names.map((n) => {
          const t = registry.get(n);
          if (!t) throw new UsageError(`unknown transform "${n}" (known: ${[...registry.keys()].join(', ')})`);
          return t;
        }),
      ),
    ];
  }
  if (config.file) {
    const named = new Set(config.policies.map((p) => p.transform));
    return [...registry.values()].filter((t) => named.has(t.meta.name));
  }
  return [...registry.values()];
}

/** The front half of every run (plan, apply, audit): the loaded project, its config, transforms and facts. */
export interface LoadedRun {
  root: string;
  config: Config;
  transforms: Transform[];
  project: Project;
  facts: Facts;
  /** Load the project again with some files' texts replaced (for later passes; nothing read twice). */
  reload: (cache: Map<string, SourceFile>) => Project;
}

/**
 * discover → config (plugins joined) → load → facts: what plan and audit share. `pick` chooses the transforms
 * from the run's registry instead of -t / the config (audit asks for those whose meta provides an audit).
 */
export async function loadRun(opts: RunOptions, registry: ReadonlyMap<string, Transform>, pick?: (registry: ReadonlyMap<string, Transform>) => Transform[]): Promise<LoadedRun> {
  const root = path.resolve(opts.cwd, opts.root);
  checkRoot(root, opts.root);
  const configPath = findConfig(root, opts.config ? path.resolve(opts.cwd, opts.config) : undefined);
  const configFile = configPath ? readConfigFile(configPath, root) : undefined;
  // Plugins (-t ./x.js, `transform: ./rules/x.js`, packages) join the built-ins before the config is validated.
  const run = await withPlugins(registry, { cli: pick ? undefined : opts.transforms, cwd: opts.cwd, root, config: configFile && { specs: configTransformSpecs(configFile), dir: path.dirname(configPath!) } });
  const config: Config = configPath ? loadConfig(configPath, root, run.lookup, configFile) : { policies: [] };
  const transforms = pick ? pick(run.registry) : selectTransforms(run.registry, run.names, config);
  const needsLink = transforms.some((t) => t.meta.reads.some((k) => k !== 'compose'));
  const envFiles = opts.envFiles?.map((f) => path.resolve(opts.cwd, f));
  // COMPOSE_FILE / COMPOSE_PROJECT_NAME (environment, else .env) stand in for -f / -p, as in docker compose.
  const fromEnv = opts.recursive ? {} : composeVariables(root, { envFiles, environment: opts.environment });
  const files = opts.files?.length ? opts.files.map((f) => path.resolve(opts.cwd, f)) : fromEnv.files;
  const projectName = opts.projectName || fromEnv.projectName || undefined;
  // compose refuses a name it would have to normalise (`-p Bad_Name`): so does composeshift, naming the source.
  if (projectName !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(projectName)) {
    throw new UsageError(`invalid project name "${projectName}" (${opts.projectName ? '-p' : 'COMPOSE_PROJECT_NAME'}): must be lowercase letters, digits, dashes and underscores, starting with a letter or digit (as docker compose requires)`);
  }
  const load = { root, files, projectName, recursive: opts.recursive, link: needsLink, allowOutsideRoot: opts.allowOutsideRoot, progress: opts.progress };
  // Interpolation values as compose resolves them (--env-file, else .env; the environment wins).
  const withEnv = (p: Project): Project => {
    applyEnvironment(p.compose, root, { envFiles, environment: opts.environment, projectNameGiven: projectName !== undefined });
    // A `name: ${VAR}` is known once the environment is: service keys follow the project's final name.
    for (const s of p.services) s.key = `${s.project.name}/${s.name}`;
    return p;
  };
  const project = withEnv(loadProject(load));
  if (opts.services?.length) {
    const unknown = opts.services.filter((w) => !project.services.some((s) => selectedBy(s, [w])));
    const named = project.compose.length > 1 ? project.services.map((s) => s.key) : project.services.map((s) => s.name);
    if (unknown.length) throw new UsageError(`no such service: ${unknown.join(', ')} (services: ${[...new Set(named)].join(', ')})`);
  }
  // Installed metadata matters only to transforms that read Python; with --usage docker the engine is there anyway.
  const imageMetadata = (opts.imageMetadata === true || opts.usage === 'docker') && transforms.some((t) => t.meta.reads.includes('python'));
  const facts = await gatherFacts(project, { ...opts, services: opts.services && serviceNames(opts.services), cwd: opts.cwd, imageMetadata });
  return { root, config, transforms, project, facts, reload: (cache) => withEnv(loadProject({ ...load, cache })) };
}

/**
 * discover → load → facts → transforms (in passes, conflicts deferred) → derive (locks) → verify. Nothing is written
 * here; `error` findings are returned for the caller to refuse the write (see errorFindings).
 */
export async function planRun(opts: RunOptions, registry: ReadonlyMap<string, Transform>): Promise<Plan> {
  const { config, transforms, project, facts, reload } = await loadRun(opts, registry);
  const policies = config.file ? config.policies : undefined;
  const result = runPasses(project, { facts, transforms, policies, services: opts.services, reload });
  // Structural differences no change declares are error findings: the caller refuses the write (exit 2).
  result.findings.push(...verify(result.files, result.changes, { readBack: result.readBack, edits: result.edits }));
  return { ...result, project, facts, config, transforms };
}
