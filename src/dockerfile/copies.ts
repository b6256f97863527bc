import path from 'node:path';
import picomatch from 'picomatch';
import type { DockerfileModel, Instruction, Word } from './model.js';
import { expandVars, imagePath } from './vars.js';

/** A COPY or ADD: where its sources come from and where they land. */
export interface CopyInstruction {
  instruction: Instruction;
  stage: number;
  /** Stage the files come from (`--from=builder` or `--from=0`). */
  fromStage?: number;
  /** `--from=<image>` that is not a stage of this file: nothing comes from the context. */
  fromImage?: string;
  /**
   * Sources: context-relative posix paths ('' is the context root) for context copies, absolute
   * paths in the other stage for `--from` copies. Heredocs and URLs are left out.
   */
  sources: { word: Word; path: string }[];
  /** Absolute in-image destination. */
  dest: string;
  /** True when the destination is a directory for sure (trailing `/`, `.`, several sources, a glob). */
  destIsDir: boolean;
  /** A source leaves the build context (`COPY ../x .`). */
  escapes: boolean;
}

const GLOB = /[*?[]/;

/** Every COPY/ADD of a Dockerfile, with variables expanded where known. */
export function listCopies(df: DockerfileModel): CopyInstruction[] {
  const out: CopyInstruction[] = [];
  for (const instr of df.instructions) {
    if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.stage < 0) continue;
    const words = instr.args;
    if (words.length < 2) continue;
    const destWord = words[words.length - 1]!;
    const expand = (s: string): string => expandVars(s, instr.vars, df.escape) ?? s;
    const destRaw = expand(destWord.text);
    const copy: CopyInstruction = {
      instruction: instr,
      stage: instr.stage,
      sources: [],
      dest: imagePath(instr.workdir, destRaw),
      destIsDir: false,
      escapes: false,
    };
    const from = instr.flags.find((f) => f.name === 'from')?.value;
    if (from) {
      const stage = stageIndex(df, expand(from), instr.stage);
      if (stage === undefined) copy.fromImage = from;
      else copy.fromStage = stage;
    }
    for (const w of words.slice(0, -1)) {
      const raw = expand(w.text);
      if (raw.startsWith('<<') || /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || raw.startsWith('git@')) continue;
      if (copy.fromStage !== undefined || copy.fromImage !== undefined) {
        copy.sources.push({ word: w, path: path.posix.resolve('/', raw) });
        continue;
      }
      const rel = path.posix.normalize(`./${raw}`).replace(/^\/+/, '');
      if (rel === '..' || rel.startsWith('../')) {
        copy.escapes = true;
        continue;
      }
      copy.sources.push({ word: w, path: rel === '.' || rel === './' ? '' : rel.replace(/\/$/, '') });
    }
    copy.destIsDir =
      /[/\\]$/.test(destRaw) || destRaw === '.' || words.length > 2 || copy.sources.some((s) => GLOB.test(s.path));
    out.push(copy);
  }
  return out;
}

/** Index of the stage a `--from` / `from=` value names, among stages before `before`. */
export function stageIndex(df: DockerfileModel, name: string, before: number): number | undefined {
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    return n < before ? n : undefined;
  }
  const lower = name.toLowerCase();
  return df.stages.find((s) => s.index < before && s.name === lower)?.index;
}

/** What kind of thing a context-relative path is, when the caller can look (undefined: unknown). */
export type StatFn = (contextRel: string) => 'file' | 'dir' | undefined;

/**
 * Where a path lands relative to a copy's source, if this copy put it at `p`: the source path joined
 * with the rest of `p`. Later sources win, as they overwrite earlier ones.
 */
export function matchCopy(copy: CopyInstruction, p: string, stat?: StatFn): string | undefined {
  for (const s of [...copy.sources].reverse()) {
    const local = copy.fromStage === undefined && copy.fromImage === undefined;
    const kind = s.path === '' || s.path === '/' ? 'dir' : local ? stat?.(s.path) : undefined;
    const base = path.posix.basename(s.path);
    if (GLOB.test(base)) {
      if (path.posix.dirname(p) === copy.dest && picomatch(base, { dot: true })(path.posix.basename(p))) {
        return joinRel(path.posix.dirname(s.path), path.posix.basename(p));
      }
      continue;
    }
    if (kind !== 'dir') {
      if (copy.destIsDir || kind === undefined) {
        if (p === path.posix.join(copy.dest, base)) return s.path;
      }
      if (!copy.destIsDir && p === copy.dest) return s.path;
      if (kind === 'file') continue;
    }
    if (p === copy.dest) return s.path;
    if (p.startsWith(copy.dest === '/' ? '/' : `${copy.dest}/`)) return joinRel(s.path, p.slice(copy.dest.length).replace(/^\//, ''));
  }
  return undefined;
}

function joinRel(a: string, b: string): string {
  if (a.startsWith('/')) return path.posix.join(a, b);
  const joined = path.posix.join(a || '.', b);
  return joined === '.' ? '' : joined;
}
