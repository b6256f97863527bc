import path from 'node:path';
import { listCopies, stageIndex, type CopyInstruction } from './copies.js';
import { expandSource, statKind } from './guess.js';
import type { DockerfileModel, Instruction, Word } from './model.js';
import { bindMounts, contextPathOf } from './resolve.js';
import { splitShell } from './shell-words.js';
import { expandVars, imagePath } from './vars.js';

/** A package.json a service's image is built from: the one its Dockerfile copies where the package manager runs. */
export interface NodeManifest {
  /** The package.json in the build context (abs). */
  path: string;
  /** Stage that installs from it. */
  stage: number;
  /**
   * The stage is a build step whose output (a bundle) is copied across, not its node_modules: every declared
   * package, devDependencies included, is installed there for the bundler.
   */
  buildOnly: boolean;
  /** Line of the install command; the last line of the runtime stage when no install command was seen. */
  line: number;
  /** The install command as read (`npm ci`), absent when the manifest is only copied to where CMD runs. */
  command?: string;
  /** Context paths (abs) that stage, its bases and the stages it copies from get from the build context. */
  sources: string[];
  /** The lock file beside it (abs), when there is one. */
  lock?: string;
  /** Taken from the build context because the Dockerfile could not be read: reported, never edited. */
  guessed?: boolean;
}

const MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const INSTALL: Record<string, ReadonlySet<string>> = {
  npm: new Set(['ci', 'install', 'i', 'clean-install', 'install-clean', 'isntall', 'add']),
  yarn: new Set(['install']),
  pnpm: new Set(['install', 'i']),
  bun: new Set(['install', 'i']),
};
/** Options that take the next word as the folder the manager works in. */
const DIR_OPTIONS = new Set(['--prefix', '--cwd', '-C', '--dir']);

/**
 * The package.json files a Dockerfile builds from: for each `npm ci` / `npm install` / `yarn` / `pnpm install` /
 * `bun install` in the runtime stage (compose `build.target`, else the last) or a stage it is built on or copies
 * from, the package.json that sits in the command's folder, traced back through COPY/ADD to the build context.
 * When no stage installs anything, the package.json copied to the runtime stage's WORKDIR (where CMD runs).
 * A package.json never copied into a stage is nobody's manifest.
 */
export function nodeManifests(df: DockerfileModel, context: string, target?: string): NodeManifest[] {
  if (!df.stages.length) return [];
  const copies = listCopies(df);
  const stat = (r: string): 'file' | 'dir' | undefined => statKind(path.resolve(context, r));
  const runtime = (target !== undefined ? stageIndex(df, target, df.stages.length) : undefined) ?? df.stages.length - 1;
  const chain = (s: number): number[] => {
    const out: number[] = [];
    for (let cur: number | undefined = s; cur !== undefined && !out.includes(cur); cur = df.stages[cur]?.baseStage) out.push(cur);
    return out;
  };
  const reach = reachable(df, copies, runtime, chain);
  const runtimeChain = new Set(chain(runtime));
  const out: NodeManifest[] = [];
  const add = (at: Instruction, dir: string, line: number, command?: string): void => {
    const ctx = contextPathOf(df, at, path.posix.join(dir, 'package.json'), stat, copies);
    if (ctx === undefined || stat(ctx) !== 'file') return;
    const abs = path.resolve(context, ctx);
    const stage = at.stage;
    const buildOnly = !runtimeChain.has(stage) && !copiesInstalledTree(copies, stage, dir, chain);
    // What runs in the image reads the installed packages: a non-build manifest's users are the runtime stage's sources too.
    const rels = [...stageSources(df, copies, stage, chain), ...(buildOnly ? [] : stageSources(df, copies, runtime, chain))];
    const sources = [...new Set(rels.flatMap((s) => expandSource(context, s)))];
    const seen = out.find((m) => m.path === abs);
    if (seen) {
      // Installed by a build stage and again by the runtime: runtime users count, and every stage's sources.
      seen.sources = [...new Set([...seen.sources, ...sources])];
      if (seen.buildOnly && !buildOnly) Object.assign(seen, { stage, buildOnly, line, command });
      return;
    }
    const lock = lockBeside(path.dirname(abs));
    out.push({ path: abs, stage, buildOnly, line, ...(command ? { command } : {}), sources, ...(lock ? { lock } : {}) });
  };
  for (const instr of df.instructions) {
    if (instr.keyword !== 'RUN' || !instr.argsRange || !reach.has(instr.stage)) continue;
    for (const { dir, command } of installCommands(df, instr)) add(instr, dir, instr.line, command);
  }
  if (!out.length) {
    const stage = df.stages[runtime]!;
    const last = stage.instructions[stage.instructions.length - 1];
    const end = df.file.text.length + 1;
    // Resolve as if after the stage's last instruction: what CMD sees in its WORKDIR.
    const at: Instruction = { ...(last ?? stage.instructions[0]!), keyword: 'CMD', flags: [], range: [end, end], stage: runtime };
    if (last) add(at, stage.workdir, last.line);
  }
  return out;
}

/** Stages whose files can reach the runtime stage: its bases and, transitively, the stages they copy or mount from. */
function reachable(df: DockerfileModel, copies: CopyInstruction[], runtime: number, chain: (s: number) => number[]): Set<number> {
  const seen = new Set<number>();
  const todo = [runtime];
  while (todo.length) {
    for (const s of chain(todo.pop()!)) {
      if (seen.has(s)) continue;
      seen.add(s);
      for (const c of copies) if (c.stage === s && c.fromStage !== undefined) todo.push(c.fromStage);
      for (const i of df.stages[s]?.instructions ?? []) for (const m of bindMounts(df, i)) if (m.fromStage !== undefined) todo.push(m.fromStage);
    }
  }
  return seen;
}

/** True when a later stage copies node_modules (or the whole app folder) out of `stage`: it runs what was installed. */
function copiesInstalledTree(copies: CopyInstruction[], stage: number, dir: string, chain: (s: number) => number[]): boolean {
  return copies.some(
    (c) => c.fromStage !== undefined && chain(c.fromStage).includes(stage) && c.sources.some((s) => s.path.includes('node_modules') || s.path === '/' || dir === s.path || dir.startsWith(`${s.path}/`)),
  );
}

/** Context-relative paths a stage gets: its own and its bases' COPY/ADD and bind mounts, and those of stages it copies from. */
function stageSources(df: DockerfileModel, copies: CopyInstruction[], stage: number, chain: (s: number) => number[]): string[] {
  const out = new Set<string>();
  for (const s of reachable(df, copies, stage, chain)) {
    for (const c of copies) if (c.stage === s && c.fromStage === undefined && c.fromImage === undefined) for (const src of c.sources) out.add(src.path);
    for (const i of df.stages[s]?.instructions ?? []) for (const m of bindMounts(df, i)) if (m.fromStage === undefined && m.fromImage === undefined) out.add(m.source);
  }
  return [...out];
}

/** Package-manager installs of a RUN line, each with the image folder it runs in (`cd x &&`, `--prefix x`). */
function installCommands(df: DockerfileModel, instr: Instruction): { dir: string; command: string }[] {
  const text = df.file.text;
  let commands: Word[][];
  if (instr.exec) commands = [instr.args];
  else {
    let [start, end] = instr.argsRange!;
    if (instr.heredocs.length > 0) {
      const nl = text.slice(start, end).search(/[\r\n]/);
      if (nl >= 0) end = start + nl;
    }
    commands = splitShell(text, start, end, df.escape).commands.map((c) => c.words);
  }
  const out: { dir: string; command: string }[] = [];
  let cwd = instr.workdir;
  const expand = (s: string): string => expandVars(s, instr.vars, df.escape) ?? s;
  for (const words of commands) {
    const argv = words.map((w) => expand(w.text));
    while (argv[0] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0])) argv.shift(); // `NODE_ENV=production npm ci`
    const tool = path.posix.basename(argv[0] ?? '');
    if (tool === 'cd' && argv[1] !== undefined) {
      cwd = imagePath(cwd, argv[1]);
      continue;
    }
    if (!MANAGERS.has(tool)) continue;
    let dir = cwd;
    const positional: string[] = [];
    let global = false;
    for (let k = 1; k < argv.length; k++) {
      const a = argv[k]!;
      const eq = /^(--prefix|--cwd|--dir)=(.*)$/.exec(a);
      if (eq) dir = imagePath(cwd, eq[2]!);
      else if (DIR_OPTIONS.has(a) && argv[k + 1] !== undefined) dir = imagePath(cwd, argv[++k]!);
      else if (a === '-g' || a === '--global' || a === '--location=global') global = true;
      else if (!a.startsWith('-')) positional.push(a);
    }
    const sub = positional[0];
    const installs = tool === 'yarn' ? sub === undefined || INSTALL.yarn!.has(sub) : sub !== undefined && INSTALL[tool]!.has(sub);
    if (installs && !global) out.push({ dir, command: argv.join(' ') });
  }
  return out;
}

const LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'bun.lock'];

/** The lock file of a package.json folder, in the order package managers prefer them. */
export function lockBeside(dir: string): string | undefined {
  return LOCKS.map((n) => path.join(dir, n)).find((f) => statKind(f) === 'file');
}
