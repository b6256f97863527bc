import path from 'node:path';
import type { DockerfileModel, Instruction } from './model.js';
import type { PipInstall } from './pip-install.js';
import { expandVars, imagePath } from './vars.js';

/**
 * Where a pip command puts what it installs (or, for `pip wheel` / `pip download`, the files it writes), as
 * absolute in-image folder patterns (`*` matches one path segment); empty when a variable hides the folder. A `COPY --from` of a folder that holds or
 * lies inside one of them carries the install across stages.
 */
export function installLocations(install: PipInstall, df?: DockerfileModel): string[] {
  const instr = install.instruction;
  const at = (p: string): string | undefined => {
    const v = expandVars(p, instr.vars);
    return v === undefined ? undefined : imagePath(instr.workdir, v);
  };
  const value = (...names: string[]): string | undefined => {
    for (const o of install.options) {
      for (const n of names) {
        if (o.startsWith(`${n} `)) return o.slice(n.length + 1);
        if (n.startsWith('--') && o.startsWith(`${n}=`)) return o.slice(n.length + 1);
        if (!n.startsWith('--') && o.startsWith(n) && o.length > n.length && o[n.length] !== ' ') return o.slice(n.length);
      }
    }
    return undefined;
  };
  if (install.subcommand === 'wheel') {
    const dir = value('-w', '--wheel-dir');
    return known(dir === undefined ? instr.workdir : at(dir));
  }
  if (install.subcommand === 'download') {
    const dir = value('-d', '--dest', '--destination-directory');
    return known(dir === undefined ? instr.workdir : at(dir));
  }
  const target = value('-t', '--target', '--prefix', '--root');
  if (target !== undefined) return known(at(target));
  if (install.options.includes('--user')) return ['/root/.local', '/home/*/.local'];
  const out = ['/usr/local/lib/*/site-packages', '/usr/lib/*/site-packages', '/usr/local/lib/*/dist-packages', '/usr/lib/*/dist-packages', '/opt/conda'];
  const venv = instr.vars.get('VIRTUAL_ENV');
  if (venv) out.push(imagePath('/', venv));
  const cmd = install.words.find((w) => /(^|\/)(pip[\d.]*|python[\d.]*|uv)$/.test(w.text))?.text;
  if (cmd?.startsWith('/')) out.push(path.posix.dirname(path.posix.dirname(cmd)));
  for (const dir of [...(instr.vars.get('PATH') ?? '').split(':'), ...(df ? pathEnv(df, instr) : [])]) {
    if (dir.endsWith('/bin') && !/^\/(usr\/(local\/)?)?s?bin$/.test(dir)) out.push(imagePath('/', path.posix.dirname(dir)));
  }
  if (install.tool === 'uv') out.push(path.posix.join(instr.workdir, '.venv'));
  // `python3 -m venv venv && . venv/bin/activate && pip install …`: the venv activated earlier in the same RUN.
  if (df) {
    const before = df.file.text.slice(instr.range[0], install.range[0]);
    for (const m of before.matchAll(/(?:^|[\s;&|(])(?:\.|source)\s+["']?([^\s"';&|]+)\/bin\/activate\b/g)) {
      const dir = at(m[1]!);
      if (dir) out.push(dir);
    }
  }
  return [...new Set(out)];
}

/** One location, or none when a variable hides it (then nothing counts as carried across). */
function known(p: string | undefined): string[] {
  return p === undefined ? [] : [p];
}

/** Whether folder `p` (absolute) is a location pattern, lies inside one, or holds one. */
export function overlaps(p: string, location: string): boolean {
  const a = p.split('/').filter(Boolean);
  const b = location.split('/').filter(Boolean);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (b[i] !== '*' && a[i] !== b[i]) return false;
  return true;
}

/** `p` is `dir` or inside it (`*` segments of `dir` match anything). */
export function within(p: string, dir: string): boolean {
  const a = p.split('/').filter(Boolean);
  const b = dir.split('/').filter(Boolean);
  if (a.length < b.length) return false;
  return b.every((seg, i) => seg === '*' || seg === a[i]);
}

/**
 * Folders an `ENV PATH=/opt/venv/bin:$PATH` of the stage (or a stage it is built on) puts first, before `at`:
 * the base image's PATH is unknown, so the value never expands, but the folders written in it are plain.
 */
function pathEnv(df: DockerfileModel, at: Instruction): string[] {
  const chain: number[] = [];
  for (let s: number | undefined = at.stage; s !== undefined && !chain.includes(s); s = df.stages[s]?.baseStage) chain.push(s);
  const out: string[] = [];
  for (const i of df.instructions) {
    if (i.keyword !== 'ENV' || !chain.includes(i.stage) || i.range[0] >= at.range[0]) continue;
    const m = /(?:^|\s)PATH[= ]\s*["']?([^\s"']+)/.exec(df.file.text.slice(i.argsRange?.[0] ?? i.range[0], i.range[1]));
    if (m) out.push(...m[1]!.split(':').filter((d) => d.startsWith('/')));
  }
  return out;
}
