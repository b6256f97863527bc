import path from 'node:path';
import type { DockerfileModel, Instruction } from './model.js';
import { listCopies, matchCopy, stageIndex, type CopyInstruction, type StatFn } from './copies.js';
import { imagePath } from './vars.js';

/** A bind mount of a RUN instruction (`--mount=type=bind,source=x,target=/y`). */
export interface BindMount {
  target: string;
  /** Source path: context-relative, or absolute in `fromStage`. */
  source: string;
  fromStage?: number;
  fromImage?: string;
}

/** Bind mounts of a RUN instruction, targets made absolute. */
export function bindMounts(df: DockerfileModel, instr: Instruction): BindMount[] {
  const out: BindMount[] = [];
  for (const f of instr.flags) {
    if (f.name !== 'mount') continue;
    const o = f.options;
    if ((o.type ?? 'bind') !== 'bind') continue;
    const target = o.target ?? o.dst ?? o.destination;
    if (!target) continue;
    const mount: BindMount = { target: imagePath(instr.workdir, target), source: o.source ?? o.src ?? '' };
    if (o.from) {
      const stage = stageIndex(df, o.from, instr.stage);
      if (stage === undefined) mount.fromImage = o.from;
      else mount.fromStage = stage;
      mount.source = path.posix.resolve('/', mount.source);
    } else mount.source = path.posix.normalize(`./${mount.source}`).replace(/^\.\/?$/, '').replace(/\/$/, '');
    out.push(mount);
  }
  return out;
}

/**
 * The build-context path (relative, posix; '' for the context root) that an absolute in-image path
 * holds when `at` runs: through bind mounts, COPY/ADD, `COPY --from` of other stages and base stages.
 * Undefined when the file comes from a base image, a download, or a build step.
 */
export function contextPathOf(df: DockerfileModel, at: Instruction, p: string, stat?: StatFn, copies = listCopies(df)): string | undefined {
  for (const m of bindMounts(df, at).reverse()) {
    const rest = under(p, m.target);
    if (rest === undefined) continue;
    if (m.fromImage !== undefined) return undefined;
    if (m.fromStage !== undefined) return resolveIn(df, copies, m.fromStage, Infinity, path.posix.join(m.source, rest), stat, 0);
    const rel = path.posix.join(m.source || '.', rest);
    return rel === '.' ? '' : rel.startsWith('../') || rel === '..' ? undefined : rel;
  }
  if (at.stage < 0) return undefined;
  return resolveIn(df, copies, at.stage, at.range[0], p, stat, 0);
}

function resolveIn(df: DockerfileModel, copies: CopyInstruction[], stage: number, before: number, p: string, stat: StatFn | undefined, depth: number): string | undefined {
  if (depth > df.stages.length + 1) return undefined;
  for (const copy of [...copies].reverse()) {
    if (copy.stage !== stage || copy.instruction.range[0] >= before) continue;
    const r = matchCopy(copy, p, stat);
    if (r === undefined) continue;
    if (copy.fromImage !== undefined) return undefined;
    if (copy.fromStage !== undefined) return resolveIn(df, copies, copy.fromStage, Infinity, r, stat, depth + 1);
    return r;
  }
  const base = df.stages[stage]?.baseStage;
  return base === undefined ? undefined : resolveIn(df, copies, base, Infinity, p, stat, depth + 1);
}

/** `p` relative to `dir` when `p` is `dir` or inside it ('' for `dir` itself). */
function under(p: string, dir: string): string | undefined {
  if (p === dir) return '';
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return p.startsWith(prefix) ? p.slice(prefix.length) : undefined;
}

/** Context paths (relative, posix) that COPY/ADD bring into any stage; '' is the whole context. */
export function contextSources(copies: CopyInstruction[]): string[] {
  const out = new Set<string>();
  for (const c of copies) {
    if (c.fromStage !== undefined || c.fromImage !== undefined) continue;
    for (const s of c.sources) out.add(s.path);
  }
  return [...out];
}
