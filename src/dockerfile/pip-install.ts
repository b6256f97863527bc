import path from 'node:path';
import type { Instruction, Span, Word } from './model.js';
import { canonicalIndexOption, isPipGlobalValueOption, pipOption } from './pip-options.js';
import { expandVars, imagePath } from './vars.js';

/** A `-r` / `-c` file of a pip install. */
export interface PipRequirementFile {
  kind: 'requirement' | 'constraint';
  /** Path as written, quotes removed. */
  path: string;
  /** The path token (inside the option word when glued: `--requirement=x`). */
  range: Span;
  /** Absolute in-image path (WORKDIR and known variables applied); absent for URLs and unknown variables. */
  imagePath?: string;
}

/** A positional argument of a pip install (or the value of `-e`). */
export interface PipPackageArg {
  kind: 'requirement' | 'editable' | 'path' | 'url';
  /** Text without quotes. */
  text: string;
  /** The token in the original text, quotes included. */
  range: Span;
  quote?: '"' | "'";
  /** True when the text holds a `$` variable. */
  variable: boolean;
}

/** An index option (`--index-url`, `--extra-index-url`, `--find-links`, `--trusted-host`, `--no-index`). */
export interface PipIndexOption {
  /** Canonical long name (`-i` → `--index-url`). */
  name: string;
  value?: string;
  /** The option and its value, as one range (remove it to drop the option). */
  range: Span;
  valueRange?: Span;
}

/** One pip (or uv pip) install-like command found in a RUN instruction. */
export interface PipInstall {
  instruction: Instruction;
  line: number;
  tool: 'pip' | 'uv';
  subcommand: 'install' | 'wheel' | 'download' | 'sync';
  /** shell: RUN shell form; exec: JSON array; heredoc: a `RUN <<EOF` body. */
  form: 'shell' | 'exec' | 'heredoc';
  /** All words of the command, launcher included. */
  words: Word[];
  /** From the first to the last word of the command. */
  range: Span;
  /** Offset right after the subcommand word, where new options can be inserted. */
  insertAt: number;
  requirementFiles: PipRequirementFile[];
  packages: PipPackageArg[];
  indexOptions: PipIndexOption[];
  /** Other options, as written. */
  options: string[];
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'time', 'nice', 'nohup']);

/** Strip `VAR=x`, `sudo -H`, `env` and similar launchers; returns the index of the real command word. */
function commandStart(words: Word[]): number {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!.text;
    if (ASSIGNMENT.test(w) || WRAPPERS.has(w) || (i > 0 && WRAPPERS.has(words[i - 1]!.text) && w.startsWith('-'))) i++;
    else break;
  }
  return i;
}

/**
 * Where the pip arguments of a command start: after `pip`, `pip3.11`, `python -m pip`, `uv pip`.
 * Returns undefined for commands that are not pip.
 */
function pipStart(words: Word[]): { tool: 'pip' | 'uv'; at: number } | undefined {
  const i = commandStart(words);
  const cmd = words[i];
  if (!cmd) return undefined;
  const base = path.posix.basename(cmd.text);
  if (/^pip(\d+(\.\d+)*)?$/.test(base)) return { tool: 'pip', at: i + 1 };
  if (base === 'uv' && words[i + 1]?.text === 'pip') return { tool: 'uv', at: i + 2 };
  if (/^python(\d+(\.\d+)*)?$/.test(base) || base === 'py') {
    for (let j = i + 1; j < words.length; j++) {
      const w = words[j]!.text;
      if (w === '-mpip') return { tool: 'pip', at: j + 1 };
      if (w === '-m') return words[j + 1]?.text === 'pip' ? { tool: 'pip', at: j + 2 } : undefined;
      if (!/^-[a-zA-Z]+$/.test(w)) return undefined;
    }
  }
  return undefined;
}

/** A project installer that reads pyproject/lock files instead of requirements (`poetry install`, `uv sync`). */
export function projectInstaller(words: Word[]): string | undefined {
  const i = commandStart(words);
  const base = path.posix.basename(words[i]?.text ?? '');
  const sub = words[i + 1]?.text;
  if ((base === 'poetry' || base === 'pipenv' || base === 'pdm') && sub === 'install') return `${base} install`;
  if (base === 'uv' && sub === 'sync') return 'uv sync';
  return undefined;
}

function classify(text: string): PipPackageArg['kind'] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('git+')) return 'url';
  if (/^[./~]/.test(text) || text.includes('*') || /\.(whl|zip|tgz|tar\.gz|tar\.bz2)$/i.test(text)) return 'path';
  if (text.includes('/') && !text.includes('@') && !/[<>=!~;]/.test(text)) return 'path';
  return 'requirement';
}

/** Parse one shell command as a pip install; undefined when it is not one. */
export function parsePipCommand(words: Word[], instruction: Instruction, form: PipInstall['form']): PipInstall | undefined {
  const start = pipStart(words);
  if (!start) return undefined;
  let i = start.at;
  while (i < words.length && words[i]!.text.startsWith('-')) i += isPipGlobalValueOption(words[i]!.text) ? 2 : 1;
  const subWord = words[i];
  const sub = subWord?.text;
  const subs = start.tool === 'uv' ? ['install', 'sync'] : ['install', 'wheel', 'download'];
  if (!subWord || !sub || !subs.includes(sub)) return undefined;
  const first = words[0]!;
  const install: PipInstall = {
    instruction,
    line: instruction.line,
    tool: start.tool,
    subcommand: sub as PipInstall['subcommand'],
    form,
    words,
    range: [first.range[0], words[words.length - 1]!.range[1]],
    insertAt: subWord.range[1],
    requirementFiles: [],
    packages: [],
    indexOptions: [],
    options: [],
  };
  const resolve = (p: string): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return undefined;
    const expanded = expandVars(p, instruction.vars);
    return expanded === undefined ? undefined : imagePath(instruction.workdir, expanded);
  };
  const addPackage = (w: Word, kind: PipPackageArg['kind']): void => {
    const arg: PipPackageArg = { kind, text: w.text, range: w.range, variable: w.text.includes('$') };
    if (w.quote) arg.quote = w.quote;
    install.packages.push(arg);
  };
  for (i++; i < words.length; i++) {
    const w = words[i]!;
    if (!w.text.startsWith('-') || w.text === '-') {
      if (start.tool === 'uv' && sub === 'sync') {
        const file: PipRequirementFile = { kind: 'requirement', path: w.text, range: w.range };
        const abs = resolve(w.text);
        if (abs !== undefined) file.imagePath = abs;
        install.requirementFiles.push(file);
      } else addPackage(w, classify(w.text));
      continue;
    }
    const opt = pipOption(w.text);
    const valueWord = opt.inlineValue === undefined ? words[i + 1] : undefined;
    const takesValue = opt.kind !== 'flag' && opt.kind !== 'index-flag';
    if (takesValue && opt.inlineValue === undefined && !valueWord) break;
    const value = opt.inlineValue ?? valueWord?.text;
    const wordEnd = w.range[1] - (w.quote ? 1 : 0);
    const valueRange: Span | undefined = valueWord
      ? valueWord.range
      : opt.valueOffset !== undefined
        ? [wordEnd - (w.text.length - opt.valueOffset), wordEnd]
        : undefined;
    const end = takesValue && valueWord ? valueWord.range[1] : w.range[1];
    if (takesValue && valueWord) i++;
    if ((opt.kind === 'requirement' || opt.kind === 'constraint') && value !== undefined && valueRange) {
      const file: PipRequirementFile = { kind: opt.kind, path: value, range: valueRange };
      const abs = resolve(value);
      if (abs !== undefined) file.imagePath = abs;
      install.requirementFiles.push(file);
    } else if (opt.kind === 'editable' && value !== undefined && valueRange) {
      addPackage(valueWord ?? { text: value, range: valueRange }, 'editable');
    } else if (opt.kind === 'index' || opt.kind === 'index-flag') {
      const entry: PipIndexOption = { name: canonicalIndexOption(opt.name), range: [w.range[0], end] };
      if (takesValue && value !== undefined) entry.value = value;
      if (takesValue && valueRange) entry.valueRange = valueRange;
      install.indexOptions.push(entry);
    } else {
      install.options.push(takesValue && valueWord ? `${w.text} ${valueWord.text}` : w.text);
    }
  }
  return install;
}
