import { createRequire } from 'node:module';
import type * as DockerfileAst from 'dockerfile-ast';
import type { Instruction as AstInstruction } from 'dockerfile-ast';
import type { SourceFile } from '../core/source.js';
import { LineIndex } from '../core/position.js';
import { LspOffsets } from './offsets.js';
import { expandVars, imagePath } from './vars.js';
import type { DockerfileModel, DockerfileProblem, Flag, Instruction, Stage, Word } from './model.js';

let astLib: typeof DockerfileAst | undefined;

/**
 * dockerfile-ast, loaded on the first Dockerfile parsed: compose-only runs (memory limits) never pay for it.
 * Parsing is synchronous, so this is `require` (dockerfile-ast is CommonJS) rather than `await import()`.
 */
function ast(): typeof DockerfileAst {
  astLib ??= createRequire(import.meta.url)('dockerfile-ast') as typeof DockerfileAst;
  return astLib;
}

/** True when dockerfile-ast has been loaded in this process (for tests of the lazy load). */
export function dockerfileAstLoaded(): boolean {
  return astLib !== undefined;
}

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/**
 * Parse a Dockerfile into stages and instructions with offsets into `file.text`; never throws.
 * `buildArgs` are `--build-arg` values (compose `build.args`): they override an ARG's default where the ARG is
 * declared, as Docker does; a null value is an override whose value is unknown, which makes the ARG unknown.
 */
export function parseDockerfile(file: SourceFile, buildArgs?: ReadonlyMap<string, string | null>): DockerfileModel {
  const text = file.text;
  const { DockerfileParser, Arg, Env, From, ModifiableInstruction, Workdir } = ast();
  const tree = DockerfileParser.parse(text);
  const lsp = new LspOffsets(text);
  const lines = new LineIndex(text);
  const escape = tree.getEscapeCharacter();
  const problems: DockerfileProblem[] = [];
  const problem = (code: string, message: string, offset: number): void => {
    problems.push({ code, message, offset, line: lines.position(offset).line });
  };

  const globals = new Map<string, string>();
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  const all: Instruction[] = [];
  let vars = globals;
  let workdir = '/';
  // ENV names set per stage: ENV survives into stages built on a stage, ARGs do not.
  const envNames = new Map<number, Set<string>>();
  const endVars = new Map<number, Map<string, string>>();
  const inheritedEnv = (s: Stage): [string, string][] =>
    [...(endVars.get(s.index) ?? [])].filter(([k]) => envNames.get(s.index)?.has(k));

  for (const node of tree.getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    const range = lsp.range(node.getRange());
    const instr: Instruction = {
      keyword,
      range,
      line: lines.position(range[0]).line,
      flags: node instanceof ModifiableInstruction ? node.getFlags().map((f) => toFlag(f, lsp)) : [],
      args: [],
      exec: false,
      heredocs: [],
      stage: stages.length - 1,
      workdir,
      vars: new Map(vars),
    };
    const argsRange = node.getArgumentsRange();
    if (argsRange) instr.argsRange = lsp.range(argsRange);
    fillArgs(instr, node, lsp, text);
    all.push(instr);
    if (!KEYWORDS.has(keyword)) problem('unknown-instruction', `unknown instruction "${node.getKeyword()}"`, range[0]);

    if (node instanceof From) {
      const image = node.getImage() ?? '';
      const base = expandVars(image, globals, escape) ?? image;
      const stage: Stage = { index: stages.length, base, line: instr.line, instructions: [], workdir: '/' };
      const name = node.getBuildStage();
      if (name) stage.name = name.toLowerCase();
      const parent = stages.find((s) => s.name !== undefined && s.name === base.toLowerCase());
      if (parent) stage.baseStage = parent.index;
      instr.stage = stage.index;
      instr.workdir = workdir = parent ? parent.workdir : '/';
      vars = new Map(parent ? inheritedEnv(parent) : []);
      envNames.set(stage.index, new Set(parent ? envNames.get(parent.index) : []));
      instr.vars = new Map(globals);
      stages.push(stage);
    } else if (node instanceof Arg || node instanceof Env) {
      for (const p of node.getProperties()) {
        const raw = p.getValue();
        const fallback = node instanceof Arg && stages.length > 0 ? globals.get(p.getName()) : undefined;
        const override = node instanceof Arg ? buildArgs?.get(p.getName()) : undefined;
        const value = override === null ? undefined : override !== undefined ? override : raw === null ? fallback : expandVars(raw, vars, escape);
        if (value === undefined) vars.delete(p.getName());
        else vars.set(p.getName(), value);
        if (node instanceof Env) envNames.get(stages.length - 1)?.add(p.getName());
      }
    } else if (node instanceof Workdir) {
      const raw = instr.args.map((a) => a.text).join(' ');
      const dir = expandVars(raw, vars, escape);
      if (dir === undefined) problem('unknown-workdir', `WORKDIR ${raw} uses a variable with no known value`, range[0]);
      workdir = imagePath(workdir, dir ?? raw);
    }
    if (stages.length === 0) preamble.push(instr);
    else {
      const stage = stages[stages.length - 1]!;
      stage.instructions.push(instr);
      stage.workdir = workdir;
      endVars.set(stage.index, vars);
    }
  }
  if (stages.length === 0) problem('no-from', 'Dockerfile has no FROM instruction', 0);
  return { file, escape, preamble, stages, instructions: all, problems };
}

function toFlag(f: import('dockerfile-ast').Flag, lsp: LspOffsets): Flag {
  const options: Record<string, string | null> = {};
  for (const o of f.getOptions()) options[o.getName().toLowerCase()] = o.getValue();
  return { name: f.getName().toLowerCase(), value: f.getValue(), range: lsp.range(f.getRange()), options };
}

function fillArgs(instr: Instruction, node: AstInstruction, lsp: LspOffsets, text: string): void {
  const { JSONInstruction, Run, Copy } = ast();
  if (node instanceof JSONInstruction && node.getOpeningBracket() && node.getClosingBracket()) {
    const words: Word[] = [];
    for (const s of node.getJSONStrings()) {
      const range = lsp.range(s.getRange());
      try {
        words.push({ text: JSON.parse(text.slice(range[0], range[1])) as string, range, quote: '"' });
      } catch {
        words.length = 0;
        break;
      }
    }
    if (words.length > 0) {
      instr.exec = true;
      instr.args = words;
      return;
    }
  }
  for (const a of node.getArguments()) instr.args.push(unquote(a.getValue(), lsp.range(a.getRange())));
  if (node instanceof Run || node instanceof Copy) {
    for (const h of node.getHeredocs()) {
      const content = h.getContentRange();
      instr.heredocs.push({ name: h.getName(), content: content ? lsp.range(content) : [0, 0] });
    }
  }
}

function unquote(value: string, range: [number, number]): Word {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
    return { text: value.slice(1, -1), range, quote: q };
  }
  return { text: value, range };
}

