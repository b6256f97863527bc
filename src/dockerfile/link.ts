import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { SourceFile } from '../core/source.js';
import { collectRequirementFiles, parseErrorsAsInputErrors } from '../requirements/index.js';
import { listCopies } from './copies.js';
import { expandSource, guessRequirementFiles, statKind } from './guess.js';
import type { DockerfileModel, Instruction } from './model.js';
import { nodeManifests, type NodeManifest } from './node-manifest.js';
import { parseDockerfile } from './parse.js';
import type { PipInstall } from './pip-install.js';
import { contextPathOf } from './resolve.js';
import { scanRuns } from './run-scan.js';
import { runtimeStages, targetStage } from './stages.js';

/** A requirements file a service installs, and how it was found. */
export interface LinkedRequirements {
  path: string;
  via: 'dockerfile' | 'include' | 'guess';
  kind?: 'requirement' | 'constraint';
  dockerfileLine?: number;
  /** Stage of the pip command that installs it (its entry file's, for includes). */
  stage?: number;
  /** Index options on that pip command's line (`--extra-index-url URL`), which apply to the file. */
  commandIndex?: { name: string; value?: string }[];
  includedFrom?: { path: string; line: number };
}

/** Which stage of the Dockerfile the service runs, and what reaches it (see stages.ts). */
export interface LinkedStages {
  /** The runtime stage: compose `build.target`, else the last. */
  target: number;
  /** Stages whose files or installs reach the runtime image. */
  contributing: number[];
  /** CMD/ENTRYPOINT in effect in the runtime stage and the RUN lines of contributing stages. */
  commands: Instruction[];
}

export interface LinkProblem {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

export interface ServiceLink {
  dockerfile?: { path: string /*abs*/; model: DockerfileModel };
  /** Requirements files the service installs, in order, includes followed (never outside root). */
  requirements: LinkedRequirements[];
  /** pip commands whose result is in the runtime image (for inline packages and transforms that edit RUN lines). */
  pipInstalls: PipInstall[];
  /** The stage model; absent when the Dockerfile was not read. */
  stages?: LinkedStages;
  /** Context paths (abs) the image gets from the build context via COPY/ADD (files or folders); empty + guessed when unknown. */
  sources: string[];
  /** True when the Dockerfile could not be read or understood and requirements*.txt in the context were taken as a guess. */
  guessed: boolean;
  /** Problems to report as findings (no Dockerfile, unparseable RUN, include errors...). */
  problems: LinkProblem[];
  /** Input errors of requirements files (includes leaving the root, unreadable files): the loader decides. */
  errors: InputError[];
  /**
   * Projects the runtime image installs itself (`pip install .`, `uv sync`): the pyproject.toml it comes from (abs,
   * when the image path leads to a file of the build context inside the root) and whether its dependencies come with it.
   */
  projects?: { line: number; command: string; pyproject?: string; installsDependencies: boolean }[];
  /** The first of `nodeManifests` (abs), for Node services. */
  nodePackageJson?: string;
  /** The package.json files the Dockerfile copies where a package manager installs from them (see node-manifest.ts). */
  nodeManifests?: NodeManifest[];
}

/** Link a service's build to its Dockerfile, the requirements files it installs and the context paths it copies. */
export function linkService(opts: {
  root: string;
  context: string;
  dockerfile: string;
  read: (abs: string) => SourceFile;
  allowOutsideRoot?: boolean;
  /** compose `build.target` (undefined: the last stage). */
  target?: string;
  /** compose `build.args`, interpolated; null: an override whose value is unknown. */
  buildArgs?: ReadonlyMap<string, string | null>;
}): ServiceLink {
  const { root, context, read } = opts;
  const link: ServiceLink = { requirements: [], pipInstalls: [], sources: [], guessed: false, problems: [], errors: [] };
  const setManifests = (list: NodeManifest[]): void => {
    // Read now, with the other inputs: a removal edits them (and the lock), and the pipeline edits only what the load read.
    const readable = list.filter((m) => {
      try {
        read(m.path);
        if (m.lock && !m.lock.endsWith('.lockb')) read(m.lock);
        return true;
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        link.problems.push({ code: 'package-json-unreadable', message: err.message, file: rel(m.path) });
        return false;
      }
    });
    link.nodeManifests = readable;
    if (readable[0]) link.nodePackageJson = readable[0].path;
  };
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/');
  const dfRel = rel(opts.dockerfile);
  const seen = new Set<string>();

  const collect = (entry: string, via: LinkedRequirements['via'], kind: LinkedRequirements['kind'], line?: number, install?: PipInstall): void => {
    if (outside(root, entry)) {
      link.problems.push({ code: 'requirements-outside-root', message: `${entry} is outside the root`, file: dfRel, ...(line ? { line } : {}) });
      return;
    }
    let result: ReturnType<typeof collectRequirementFiles>;
    try {
      result = collectRequirementFiles(entry, root, read, opts.allowOutsideRoot);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      result = { files: [], errors: [err] };
    }
    for (const f of result.files) {
      if (seen.has(f.path)) continue;
      seen.add(f.path);
      const item: LinkedRequirements = f.includedFrom
        ? { path: f.path, via: 'include', kind: f.includedFrom.kind, includedFrom: { path: f.includedFrom.path, line: f.includedFrom.line } }
        : { path: f.path, via, ...(kind ? { kind } : {}), ...(line !== undefined && via === 'dockerfile' ? { dockerfileLine: line } : {}) };
      if (install) {
        item.stage = install.instruction.stage;
        item.commandIndex = install.indexOptions.map((o) => ({ name: o.name, ...(o.value !== undefined ? { value: o.value } : {}) }));
      }
      link.requirements.push(item);
    }
    // A line pip cannot read in a file the image installs (`torch==`, `torch==2.1.0,,<3`): pip refuses the whole
    // file, so the build fails; read past, it hid torch from torch-cpu ("installs no torch"). Bad input at its
    // line. A guessed file may not be installed at all: its errors stay in its parse.
    // A line with `${VAR}` is expanded by pip from the build's environment first: not judged here.
    if (via !== 'guess') {
      for (const f of result.files) {
        const bad = parseErrorsAsInputErrors(f.source, f.parsed).find((e) => !/\$\{[A-Za-z0-9_]+\}/.test(e.sourceLine ?? ''));
        if (bad) {
          result.errors.push(bad);
          break;
        }
      }
    }
    for (const e of result.errors) {
      link.errors.push(e);
      // includes.ts words its errors; the message is the only tag it gives.
      const code = /outside the root/i.test(e.message) ? 'include-outside-root' : /cycle/i.test(e.message) ? 'include-cycle' : 'requirements-error';
      link.problems.push({ code, message: e.message, file: e.file, ...(e.line !== undefined ? { line: e.line } : {}) });
    }
  };
  const guess = (): ServiceLink => {
    link.guessed = true;
    link.sources = [];
    // Without a readable Dockerfile nobody knows which package.json the image gets: read, never edited.
    const pkg = path.join(context, 'package.json');
    if (statKind(pkg) === 'file') setManifests([{ path: pkg, stage: 0, buildOnly: false, line: 0, sources: [context], guessed: true }]);
    for (const f of guessRequirementFiles(context)) collect(f, 'guess', 'requirement');
    if (link.requirements.length === 0) {
      link.problems.push({ code: 'no-requirements-guess', message: 'no requirements*.txt in the build context to fall back on', file: rel(context) || '.' });
    }
    return link;
  };

  let file: SourceFile;
  try {
    file = read(opts.dockerfile);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    link.problems.push({ code: 'dockerfile-unreadable', message: `cannot read Dockerfile: ${err.message}`, file: dfRel });
    return guess();
  }
  const model = parseDockerfile(file, opts.buildArgs);
  link.dockerfile = { path: opts.dockerfile, model };
  const fatal = model.problems.filter((p) => p.code === 'no-from' || p.code === 'unknown-instruction');
  for (const p of fatal) link.problems.push({ code: 'dockerfile-not-understood', message: p.message, file: dfRel, line: p.line });
  if (fatal.length > 0) return guess();
  const target = targetStage(model, opts.target);
  if (target === undefined) {
    link.problems.push({ code: 'build-target-unknown', message: `compose build.target "${opts.target}" names no stage of the Dockerfile (stages: ${model.stages.map((s) => s.name ?? `#${s.index}`).join(', ')})`, file: dfRel });
    return guess();
  }

  const scan = scanRuns(model);
  for (const p of scan.problems) link.problems.push({ code: p.code, message: p.message, file: dfRel, line: p.line });
  const copies = listCopies(model);
  for (const c of copies.filter((x) => x.escapes)) {
    link.problems.push({ code: 'copy-outside-context', message: `${c.instruction.keyword} source leaves the build context`, file: dfRel, line: c.instruction.line });
  }
  const stat = (r: string): 'file' | 'dir' | undefined => statKind(path.resolve(context, r));
  const runtime = runtimeStages(model, scan.installs, target, stat, copies);
  link.stages = { target, contributing: runtime.contributing, commands: runtime.commands };
  for (const p of runtime.problems) link.problems.push({ code: p.code, message: p.message, file: dfRel, line: p.line });
  for (const p of scan.projectInstalls) {
    if (!runtime.contributing.includes(p.instruction.stage)) continue;
    if (p.command.startsWith('pip ') && !runtime.installs.some((i) => i.instruction === p.instruction)) continue;
    link.problems.push({ code: 'pyproject-install', message: `${p.command} installs the project (pyproject.toml), not a requirements file`, file: dfRel, line: p.line });
    const ctx = p.project ? contextPathOf(model, p.instruction, path.posix.join(p.project.imagePath, 'pyproject.toml'), stat, copies) : undefined;
    const abs = ctx === undefined ? undefined : path.resolve(context, ctx);
    const pyproject = abs && !outside(root, abs) && statKind(abs) === 'file' ? abs : undefined;
    (link.projects ??= []).push({ line: p.line, command: p.command, installsDependencies: p.project?.installsDependencies ?? false, ...(pyproject ? { pyproject } : {}) });
  }
  link.pipInstalls = runtime.installs;
  // Without the compose overrides: what a `-r ${ARG}` would be with the ARG's own default, as a guess.
  let defaults: PipInstall[] | undefined;
  const defaultPath = (install: PipInstall, index: number): string | undefined => {
    if (!opts.buildArgs || ![...opts.buildArgs.values()].includes(null)) return undefined;
    defaults ??= scanRuns(parseDockerfile(file)).installs;
    const twin = defaults.find((d) => d.range[0] === install.range[0]);
    return twin?.requirementFiles[index]?.imagePath;
  };
  for (const install of runtime.installs) {
    for (const [index, req] of install.requirementFiles.entries()) {
      const where = { file: dfRel, line: install.line };
      if (req.imagePath === undefined) {
        const guessed = defaultPath(install, index);
        const ctx = guessed === undefined ? undefined : contextPathOf(model, install.instruction, guessed, stat, copies);
        const abs = ctx === undefined ? undefined : path.resolve(context, ctx);
        link.problems.push({
          code: 'requirements-unresolved',
          message: `cannot tell which file "${req.path}" is (URL, or a variable with no known value)${abs ? `: ${rel(abs)} (the ARG's default) is read as a guess and never edited` : ''}`,
          ...where,
        });
        if (abs && !outside(root, abs) && statKind(abs) === 'file') collect(abs, 'guess', req.kind, install.line, install);
        continue;
      }
      const ctx = contextPathOf(model, install.instruction, req.imagePath, stat, copies);
      if (ctx === undefined) {
        link.problems.push({ code: 'requirements-not-in-context', message: `${req.imagePath} does not come from the build context`, ...where });
        continue;
      }
      const abs = path.resolve(context, ctx);
      if (!outside(root, abs) && statKind(abs) !== 'file') {
        link.problems.push({ code: 'requirements-not-in-context', message: `${req.imagePath} would be ${rel(abs)}, which does not exist (made during the build?)`, ...where });
        continue;
      }
      collect(abs, 'dockerfile', req.kind, install.line, install);
    }
  }
  // A RUN we could not read that mentions pip may hide the requirements: fall back rather than claim none.
  const unreadRun = scan.problems.some((p) =>
    model.instructions.some((i) => i.keyword === 'RUN' && p.offset >= i.range[0] && p.offset <= i.range[1] && /\bpip\b/.test(model.file.text.slice(i.range[0], i.range[1]))),
  );
  if (unreadRun && link.requirements.length === 0) return guess();
  link.sources = [...new Set(runtime.sources.flatMap((s) => expandSource(context, s)))];
  setManifests(nodeManifests(model, context, opts.target));
  return link;
}

function outside(root: string, abs: string): boolean {
  const r = path.relative(root, abs);
  return r === '..' || r.startsWith(`..${path.sep}`) || path.isAbsolute(r);
}
