import { statSync } from 'node:fs';
import path from 'node:path';
import { composeFilesIn, findComposeProjects } from '../compose/discover.js';
import { loadComposeProject } from '../compose/load.js';
import type { ComposeProject } from '../compose/model.js';
import { InputError, UsageError } from '../core/errors.js';
import { isConfined, isInside, readSourceFile, realPath, relPath, type SourceFile } from '../core/source.js';
import { buildInputs } from '../compose/build-args.js';
import { linkService } from '../dockerfile/index.js';
import { dockerfileProject } from './dockerfile-project.js';
import { findDockerfiles } from './find-dockerfiles.js';
import type { Project, Service } from './model.js';

/** What to load: compose's own conventions (-f, -p, discovery) plus --recursive. */
export interface LoadOptions {
  root: string;
  /** `-f` files (relative to cwd or absolute); empty: discover in root. */
  files?: string[];
  projectName?: string;
  recursive?: boolean;
  /** Link services to Dockerfiles and requirements (skipped when no transform reads them). */
  link?: boolean;
  /** Files already read (a later pass re-loads from the texts after the previous one). */
  cache?: Map<string, SourceFile>;
  /** Read and edit files outside the root (`--allow-outside-root`). */
  allowOutsideRoot?: boolean;
  /** What loading is doing now (`load project 3/40: api`), for live progress on a TTY. */
  progress?: (detail: string) => void;
}

/**
 * A file cache shared by every stage, so each file is read (and its identity taken) once. A file
 * outside the root, as written or through a symlink, is an InputError naming it relative to the root,
 * unless `allowOutsideRoot`.
 */
export function fileReader(root: string, files: Map<string, SourceFile>, allowOutsideRoot = false): (abs: string) => SourceFile {
  return (abs: string) => {
    let f = files.get(abs);
    if (!f) {
      // One realpath serves both the confinement check and the pseudo-file check of the read.
      const real = realPath(abs);
      if (!allowOutsideRoot && !isConfined(root, abs, real)) throw outsideRoot(root, abs);
      f = readSourceFile(abs, root, real);
      files.set(abs, f);
    }
    return f;
  };
}

/** The error for a path that leaves the root: names the path relative to the root, never reads it. */
export function outsideRoot(root: string, abs: string, what = 'file'): InputError {
  // A path inside the root that leads out through a symlink: say where it leads (was "outside the root (compose.yaml)").
  const via = isInside(root, abs) ? `leads through a symbolic link to ${realPath(abs)},` : 'is';
  return new InputError(`${what} ${via} outside the root (${relPath(root, abs)}); composeshift reads and writes only inside the root unless --allow-outside-root`, relPath(root, abs));
}

/** The run's root must be an existing folder: a typo must never pass a gate. */
export function checkRoot(root: string, shown: string): void {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new UsageError(`no such directory: ${shown}`);
  }
  if (!st.isDirectory()) throw new UsageError(`not a directory: ${shown} (the root is the folder of a compose project; use -f FILE for one file)`);
}

/** Discover and load compose projects, then link each service to what it builds. */
export function loadProject(opts: LoadOptions): Project {
  const root = path.resolve(opts.root);
  const fromCwd = path.relative(process.cwd(), root);
  const shown = fromCwd.startsWith('..') ? root : fromCwd || '.';
  checkRoot(root, shown);
  const files = opts.cache ?? new Map<string, SourceFile>();
  const read = fileReader(root, files, opts.allowOutsideRoot);
  const groups: string[][] = [];
  if (opts.files?.length) groups.push(opts.files.map((f) => path.resolve(f)));
  else if (opts.recursive) {
    for (const dir of findComposeProjects(root)) groups.push(composeFilesIn(dir));
  } else {
    const found = composeFilesIn(root);
    if (found.length) groups.push(found);
  }
  if (!groups.length) {
    // No compose file: every Dockerfile under the root is a service (a library or ML repository).
    const dockerfiles = findDockerfiles(root);
    if (!dockerfiles.length) {
      const names = 'compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml';
      if (opts.recursive) throw new UsageError(`no compose project and no Dockerfile found under ${shown} (looked for ${names}, Dockerfile, *.Dockerfile, Dockerfile.*)`);
      throw new InputError(`no compose file found (${names}) and no Dockerfile; use -f FILE or --recursive`, path.relative(process.cwd(), root) || '.');
    }
    const one = dockerfileProject(root, dockerfiles, read, opts.link !== false, opts.projectName);
    return { root, files, compose: [one.compose], services: one.services };
  }
  const many = groups.length > 1 ? opts.progress : undefined;
  const compose = groups.map((g, i) => (many?.(`load project ${i + 1}/${groups.length}: ${relPath(root, path.dirname(g[0]!)) || '.'}`), loadComposeProject({ files: g, read, root, allowOutsideRoot: opts.allowOutsideRoot, projectName: groups.length === 1 ? opts.projectName : undefined })));
  const services: Service[] = [];
  for (const [i, cp] of compose.entries()) {
    many?.(`link project ${i + 1}/${compose.length}: ${cp.name}`);
    // build.args / build.target as compose interpolates them: .env values, the environment over them (once per project).
    let env: Map<string, string> | undefined;
    const envOf = (): Map<string, string> => (env ??= new Map([...cp.env, ...Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)]));
    for (const svc of cp.services.values()) services.push(toService(cp, svc.name, root, read, opts.link !== false, opts.allowOutsideRoot === true, envOf));
  }
  return { root, files, compose, services };
}

function toService(cp: ComposeProject, name: string, root: string, read: (abs: string) => SourceFile, link: boolean, allowOutside: boolean, envOf: () => ReadonlyMap<string, string>): Service {
  const svc = cp.services.get(name)!;
  const v = svc.value;
  const service: Service = { key: `${cp.name}/${name}`, name, project: cp };
  if (typeof v.image === 'string') service.image = v.image;
  if (typeof v.container_name === 'string') service.containerName = v.container_name;
  const build = v.build;
  if (build !== undefined && build !== null) {
    // Paths in a definition are relative to the file that defines `build` (the project dir for -f files).
    const def = [...svc.defs].reverse().find((d) => d.node.has('build')) ?? svc.defs.at(-1)!;
    const base = def.via === 'file' ? cp.dir : path.dirname(def.file.source.path);
    const b = typeof build === 'string' ? { context: build } : (build as Record<string, unknown>);
    const context = path.resolve(base, typeof b.context === 'string' ? b.context : '.');
    const dockerfile = path.resolve(context, typeof b.dockerfile === 'string' ? b.dockerfile : 'Dockerfile');
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(String(b.context ?? ''))) {
      service.build = { context, dockerfile };
      if (link && !allowOutside) {
        // Only a linking run reads the build context; a memory-only run never looks inside it.
        const at = (what: string, p: string): InputError => {
          const node = def.node.get('build', true) as { range?: number[] } | undefined;
          return InputError.at(def.file.source.rel, def.file.source.text, node?.range?.[0] ?? def.node.range?.[0] ?? 0, `service "${name}": ${what} is outside the root (${relPath(root, p)}); use --allow-outside-root to read it`);
        };
        if (!isConfined(root, context)) throw at('build.context', context);
        if (typeof b.dockerfile_inline !== 'string' && !isConfined(root, dockerfile)) throw at('build.dockerfile', dockerfile);
      }
      if (link && typeof b.dockerfile_inline !== 'string') {
        const inputs = buildInputs(b, envOf());
        service.link = linkService({
          root,
          context,
          dockerfile,
          read,
          allowOutsideRoot: allowOutside,
          ...(inputs.args.size ? { buildArgs: inputs.args } : {}),
          // An unresolvable target hides the runtime stage: linking falls back to a guess (reported).
          ...(inputs.target ? { target: inputs.target.value ?? '${unresolved}' } : {}),
        });
        for (const u of inputs.unresolved) {
          service.link.problems.push({ code: 'build-input-unresolved', message: `${u}: compose would pass an empty value; files named through it are read as a guess and never edited`, file: relPath(root, def.file.source.path) });
        }
        // An include that leaves the root, or a requirements file that cannot be read, is bad input.
        const first = service.link.errors[0];
        if (first) throw first;
      }
    }
  }
  return service;
}
