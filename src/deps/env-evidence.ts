import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { LineIndex } from '../core/position.js';
import { relPath } from '../core/source.js';
import { splitShell } from '../dockerfile/index.js';
import type { Service } from '../project/model.js';
import { ARGS_ENV, ENV_SWITCHES } from '../python/data/env-switch.js';
import type { CommandUse } from './commands.js';
import type { ScanCache } from './scan-cache.js';

/** One environment variable a service's container gets, and where it is set. */
export interface EnvSetting {
  name: string;
  value: string;
  /** `compose.yaml:7 environment`, `app.env:2 env_file`, `svc/Dockerfile:4 ENV`. */
  where: string;
}

const unquote = (v: string): string => (/^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v);

/** Environment of a service: compose `environment:` (every definition), its `env_file:` files, Dockerfile ENV. */
export function serviceEnv(service: Service, root: string, cache: ScanCache): EnvSetting[] {
  const out: EnvSetting[] = [];
  const svc = service.project.services.get(service.name);
  for (const d of svc?.defs ?? []) {
    const lines = new LineIndex(d.file.source.text);
    const rel = relPath(root, d.file.source.path);
    const at = (n: Node | null | undefined): string => `${rel}:${n?.range ? lines.position(n.range[0]).line : '?'} environment`;
    const env = isMap(d.node) ? (d.node.get('environment', true) as Node | undefined) : undefined;
    if (isMap(env)) {
      for (const item of env.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const value = isScalar(item.value) ? String(item.value.value ?? '') : '';
        out.push({ name: String(item.key.value), value, where: at(item.key as Node) });
      }
    } else if (isSeq(env)) {
      for (const item of env.items) {
        if (!isScalar(item)) continue;
        const s = String(item.value);
        const eq = s.indexOf('=');
        if (eq > 0) out.push({ name: s.slice(0, eq), value: s.slice(eq + 1), where: at(item) });
      }
    }
  }
  const files = svc?.value.env_file;
  const list = typeof files === 'string' ? [files] : Array.isArray(files) ? files : [];
  for (const e of list) {
    const p = typeof e === 'string' ? e : e && typeof e === 'object' && typeof (e as { path?: unknown }).path === 'string' ? (e as { path: string }).path : undefined;
    if (!p) continue;
    const abs = path.resolve(service.project.dir, p);
    const text = cache.text(abs);
    if (text === undefined) continue;
    text.split(/\r?\n/).forEach((line, i) => {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) out.push({ name: m[1]!, value: unquote(m[2]!), where: `${relPath(root, abs)}:${i + 1} env_file` });
    });
  }
  const df = service.link?.dockerfile;
  if (df) {
    const rel = relPath(root, df.path);
    for (const instr of df.model.instructions) {
      if (instr.keyword !== 'ENV' || !instr.argsRange) continue;
      // Shell-style words, quotes removed: `K="a b" K2=c` and the legacy `K a b` form.
      const words = splitShell(df.model.file.text, instr.argsRange[0], instr.argsRange[1], df.model.escape).commands.flatMap((c) => c.words.map((w) => w.text));
      const where = `${rel}:${instr.line} ENV`;
      if (words.length >= 1 && !words[0]!.includes('=')) out.push({ name: words[0]!, value: unquote(words.slice(1).join(' ')), where });
      else for (const w of words) {
        const eq = w.indexOf('=');
        if (eq > 0) out.push({ name: w.slice(0, eq), value: unquote(w.slice(eq + 1)), where });
      }
    }
  }
  return out;
}

/** `--opt value`, `--opt=value` (and `-kvalue` for one-letter options) in a list of words. */
function optionValues(words: readonly string[], option: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === option && words[i + 1] !== undefined) out.push(words[i + 1]!);
    else if (w.startsWith(`${option}=`)) out.push(w.slice(option.length + 1));
    else if (/^-[A-Za-z]$/.test(option) && w.startsWith(option) && w.length > 2 && !w.startsWith('--')) out.push(w.slice(2));
  }
  return out;
}

/** Evidence that an env var or command-line option of the service switches `dist` on, with the table's source. */
export function envSwitchUse(dist: string, env: readonly EnvSetting[], commands: readonly CommandUse[]): string | undefined {
  for (const s of ENV_SWITCHES) {
    if (s.package !== dist) continue;
    for (const e of env) {
      if (s.env?.includes(e.name) && s.value.test(e.value)) return `${e.name}=${e.value} (${e.where}): ${s.reason} [${s.source}]`;
    }
    for (const o of s.options ?? []) {
      for (const c of commands) {
        if (c.kind !== 'command') continue;
        const v = optionValues(c.args, o).find((x) => s.value.test(x));
        if (v !== undefined) return `\`${o} ${v}\` in \`${c.command}\` (${c.where}): ${s.reason} [${s.source}]`;
      }
      for (const e of env) {
        if (!ARGS_ENV.includes(e.name)) continue;
        const v = optionValues(e.value.split(/\s+/).filter(Boolean), o).find((x) => s.value.test(x));
        if (v !== undefined) return `${e.name}="${e.value}" (${e.where}) sets \`${o} ${v}\`: ${s.reason} [${s.source}]`;
      }
    }
  }
  return undefined;
}
