import path from 'node:path';
import { listCopies, matchCopy, type CopyInstruction, type StatFn } from './copies.js';
import { installLocations, overlaps, within } from './install-target.js';
import type { DockerfileModel, Instruction } from './model.js';
import type { PipInstall } from './pip-install.js';
import { bindMounts } from './resolve.js';
import { expandVars, imagePath } from './vars.js';

/** Something about the stages worth a finding. */
export interface StageProblem {
  code: string;
  message: string;
  line: number;
}

/** What of a Dockerfile ends up in the image a service runs: the runtime stage and what reaches it. */
export interface RuntimeStages {
  /** The runtime stage: compose `build.target`, else the last stage. */
  target: number;
  /** The runtime stage and the stages it is built on (`FROM <stage>`), runtime stage first. */
  chain: number[];
  /** Stages whose files or installs reach the runtime image: the chain, and stages `COPY --from` reads. */
  contributing: number[];
  /** pip commands whose result is in the runtime image, in file order. */
  installs: PipInstall[];
  /**
   * Build-context paths (relative posix, '' for the whole context) whose files are in the runtime image, and in
   * the other targets built on a stage of the chain that installs packages.
   */
  sources: string[];
  /**
   * CMD and ENTRYPOINT in effect in the runtime stage, and the RUN lines of contributing stages; also those of the
   * other targets built on a stage of the chain that installs packages (they get the same packages).
   */
  commands: Instruction[];
  problems: StageProblem[];
}

/** The name a problem gives a stage: `builder`, or `#2` for an unnamed one. */
export function stageLabel(df: DockerfileModel, index: number): string {
  const s = df.stages[index];
  return s?.name ?? `#${index}`;
}

/** Index of the stage compose's `build.target` names (Docker compares names case-insensitively). */
export function targetStage(df: DockerfileModel, target: string | undefined): number | undefined {
  if (target === undefined) return df.stages.length - 1;
  return df.stages.find((s) => s.name === target.toLowerCase())?.index;
}

/**
 * Follow the runtime stage, the stages it is built on and every `COPY --from` of them (recursively, only the
 * copied paths) to find which context paths, pip commands and commands belong to the image a service runs.
 * A builder's `COPY . .` counts only where its files are copied across; a builder's install counts when its
 * target folder (`--prefix`, `--target`, `--user`, a venv, site-packages) is copied across; `pip wheel` /
 * `pip download` counts when a counted install installs the files it wrote.
 */
export function runtimeStages(df: DockerfileModel, installs: readonly PipInstall[], target: number, stat?: StatFn, copies: CopyInstruction[] = listCopies(df)): RuntimeStages {
  const chainOf = (s: number): number[] => {
    const out: number[] = [];
    for (let cur: number | undefined = s; cur !== undefined && !out.includes(cur); cur = df.stages[cur]?.baseStage) out.push(cur);
    return out;
  };
  const chain = chainOf(target);
  const sources = new Set<string>();
  const counted = new Set<PipInstall>();
  const contributing = new Set<number>(chain);
  const problems: StageProblem[] = [];
  const seen = new Set<string>();
  const label = (s: number): string => stageLabel(df, s);
  const contextCopiesOf = (s: number): void => {
    for (const c of copies) if (c.stage === s && c.fromStage === undefined && c.fromImage === undefined) for (const src of c.sources) sources.add(src.path);
  };
  const isProjectInstall = (i: PipInstall): boolean =>
    i.packages.some((p) => (p.kind === 'path' && !/[*]|\.(whl|zip|tgz|tar\.gz|tar\.bz2)$/i.test(p.text)) || (p.kind === 'editable' && /^[./~]/.test(p.text)));

  /** What stage `x` holds at in-image path `p`, as far as it reaches the runtime image. */
  const take = (x: number, raw: string, line: number): void => {
    const p = /[*?[]/.test(path.posix.basename(raw)) ? path.posix.dirname(raw) : raw;
    const key = `${x}\0${p}`;
    if (seen.has(key)) return;
    seen.add(key);
    let found = false;
    for (const s of chainOf(x)) {
      contributing.add(s);
      for (const c of copies) {
        if (c.stage !== s) continue;
        const inside = within(c.dest, p);
        const holds = !inside && within(p, c.dest);
        if (!inside && !holds) continue;
        if (c.fromImage !== undefined) {
          found = true;
          continue;
        }
        if (c.fromStage !== undefined) {
          for (const src of c.sources) {
            const r = inside ? src.path : matchCopy({ ...c, sources: [src] }, p, stat);
            if (r === undefined) continue;
            found = true;
            take(c.fromStage, r, line);
          }
          continue;
        }
        if (inside) {
          found = true;
          for (const src of c.sources) sources.add(src.path);
          continue;
        }
        // A path under a copied folder that the context does not have was made during the build.
        const r = matchCopy(c, p, stat);
        if (r !== undefined && (stat === undefined || stat(r) !== undefined)) {
          found = true;
          sources.add(r);
        }
      }
      for (const i of installs) {
        if (i.instruction.stage !== s || !installLocations(i, df).some((l) => overlaps(p, l))) continue;
        found = true;
        // Wheels copied across are not installed until an install uses them (see below).
        if (i.subcommand !== 'install') continue;
        counted.add(i);
        if (isProjectInstall(i)) contextCopiesOf(s);
      }
    }
    // Nothing of that stage's chain took anything from the context: the path comes from its base image.
    const fromContext = chainOf(x).some((st) => copies.some((c) => c.stage === st && c.fromStage === undefined && c.fromImage === undefined && c.sources.length > 0));
    if (!found && fromContext) {
      // Made by a RUN of that stage (a build, a download): its code cannot be read, so whatever that stage took
      // from the context stands in for it, rather than claiming the image has no code.
      for (const s of chainOf(x)) contextCopiesOf(s);
      problems.push({ code: 'stage-build-output', message: `${p} is copied from stage ${label(x)}, which makes it during the build: the sources that stage copies from the context are read instead`, line });
    }
  };

  for (const s of chain) {
    contextCopiesOf(s);
    for (const c of copies) {
      if (c.stage !== s || c.fromStage === undefined) continue;
      for (const src of c.sources) take(c.fromStage, src.path, c.instruction.line);
    }
    for (const i of installs) if (i.instruction.stage === s) counted.add(i);
  }

  // Wheels and downloads count when a counted install installs the files they wrote (to a fixed point:
  // counting one can make its stage's own copies matter).
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of installs) {
      if (counted.has(w) || (w.subcommand !== 'wheel' && w.subcommand !== 'download')) continue;
      const dirs = installLocations(w, df);
      const used = [...counted].some((i) => i.subcommand === 'install' && wheelDirs(i).some((d) => {
        const o = mountedFrom(df, i.instruction, d) ?? originOf(df, copies, i.instruction.stage, i.instruction.range[0], d, stat);
        return chainOf(o.stage).includes(w.instruction.stage) && dirs.some((dir) => within(o.path, dir));
      }));
      if (used) {
        counted.add(w);
        contributing.add(w.instruction.stage);
        changed = true;
      }
    }
  }

  for (const i of installs) {
    if (counted.has(i)) continue;
    const s = i.instruction.stage;
    const why = contributing.has(s)
      ? `its result is not copied into the runtime stage ${label(target)}`
      : `stage ${label(s)} is not part of the runtime stage ${label(target)}${df.stages.length > 1 ? ' (compose build.target picks another)' : ''}`;
    problems.push({ code: 'install-not-in-runtime', message: `pip ${i.subcommand} at line ${i.line} is not read: ${why}`, line: i.line });
  }

  // A stage of the chain that installs packages may be the base of other targets too (`FROM base AS dev` and
  // `FROM base AS final`): what it installs is in their images as well, so their sources and commands are
  // evidence too (a removal judged for one target must not break another). Their own installs stay theirs.
  const installing = new Set([...counted].filter((i) => chain.includes(i.instruction.stage)).map((i) => i.instruction.stage));
  const bases = new Set(df.stages.map((st) => st.baseStage).filter((b): b is number => b !== undefined));
  const copiedFrom = new Set(copies.map((c) => c.fromStage).filter((b): b is number => b !== undefined));
  const siblings = df.stages
    .map((st) => st.index)
    .filter((t) => !chain.includes(t) && !bases.has(t) && !copiedFrom.has(t) && chainOf(t).some((x) => installing.has(x)));
  const ownContributing = new Set(contributing);
  const ownCounted = new Set(counted);
  for (const t of siblings) {
    for (const st of chainOf(t)) {
      if (chain.includes(st)) continue;
      contributing.add(st);
      contextCopiesOf(st);
      for (const c of copies) if (c.stage === st && c.fromStage !== undefined) for (const src of c.sources) take(c.fromStage, src.path, c.instruction.line);
    }
  }
  const evidence = new Set(contributing);
  for (const i of [...counted]) if (!ownCounted.has(i)) counted.delete(i);
  contributing.clear();
  for (const st of ownContributing) contributing.add(st);

  const last = (stages: number[], kw: string): Instruction[] => df.instructions.filter((i) => stages.includes(i.stage) && i.keyword === kw).slice(-1);
  const commands = [
    ...df.instructions.filter((i) => i.keyword === 'RUN' && evidence.has(i.stage)),
    ...[chain, ...siblings.map(chainOf)].flatMap((c) => [...last(c, 'ENTRYPOINT'), ...last(c, 'CMD')]),
  ].sort((a, b) => a.range[0] - b.range[0]);
  return {
    target,
    chain,
    contributing: [...contributing].sort((a, b) => a - b),
    installs: installs.filter((i) => counted.has(i)),
    sources: [...sources],
    commands,
    problems,
  };
}

/** Where a path of a RUN comes from when a `--mount=type=bind,from=<stage>` puts it there. */
function mountedFrom(df: DockerfileModel, at: Instruction, p: string): { stage: number; path: string } | undefined {
  for (const m of bindMounts(df, at).reverse()) {
    if (m.fromStage === undefined || !within(p, m.target)) continue;
    return { stage: m.fromStage, path: path.posix.join(m.source, p.slice(m.target.length)) };
  }
  return undefined;
}

/** Folders an install reads wheels or archives from: a `/wheels/*` argument's folder, a local `--find-links`. */
function wheelDirs(i: PipInstall): string[] {
  const out: string[] = [];
  const at = (p: string): string | undefined => {
    const v = expandVars(p, i.instruction.vars);
    return v === undefined ? undefined : imagePath(i.instruction.workdir, v);
  };
  for (const p of i.packages) {
    if (p.kind !== 'path') continue;
    const abs = at(p.text);
    if (abs !== undefined) out.push(/[*?[]|\.(whl|zip|tgz|tar\.gz|tar\.bz2)$/i.test(path.posix.basename(abs)) ? path.posix.dirname(abs) : abs);
  }
  for (const o of i.indexOptions) {
    if (o.name !== '--find-links' || o.value === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(o.value)) continue;
    const abs = at(o.value);
    if (abs !== undefined) out.push(abs);
  }
  return out;
}

/** The stage and path a path of stage `stage` (as seen before offset `before`) was copied from, following `COPY --from`. */
function originOf(df: DockerfileModel, copies: CopyInstruction[], stage: number, before: number, p: string, stat: StatFn | undefined, depth = 0): { stage: number; path: string } {
  if (depth <= df.stages.length) {
    for (const c of [...copies].reverse()) {
      if (c.stage !== stage || c.instruction.range[0] >= before || c.fromStage === undefined) continue;
      const r = matchCopy(c, p, stat);
      if (r !== undefined) return originOf(df, copies, c.fromStage, Infinity, r, stat, depth + 1);
    }
    const base = df.stages[stage]?.baseStage;
    if (base !== undefined) {
      const o = originOf(df, copies, base, Infinity, p, stat, depth + 1);
      if (o.stage !== base || o.path !== p) return o;
    }
  }
  return { stage, path: p };
}
