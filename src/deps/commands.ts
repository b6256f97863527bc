import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, type Node } from 'yaml';
import { LineIndex } from '../core/position.js';
import { lineAt, relPath } from '../core/source.js';
import { splitShell } from '../dockerfile/index.js';
import type { Service } from '../project/model.js';

/** Something a service runs: a command name, a `python -m` / `node -r` module, or a dotted module named in arguments. */
export interface CommandUse {
  kind: 'command' | 'module' | 'ref';
  /** Command basename, module name, or dotted reference (`uvicorn.workers.UvicornWorker`). */
  name: string;
  /** `services/x/Dockerfile:7 CMD`, `compose.yaml:12 command`, `start.sh:3 (run by Dockerfile:9 CMD)`. */
  where: string;
  /** The whole command as written, for evidence. */
  command: string;
  /** The words after the command name (options and their values). */
  args: readonly string[];
  /** Run when the container starts (CMD, ENTRYPOINT, compose command/entrypoint and the scripts they run), not at build time or by a healthcheck. */
  runtime: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** Launchers whose arguments are another command. */
const WRAPPERS = new Set(['exec', 'env', 'nohup', 'time', 'nice', 'tini', 'dumb-init', 'gosu', 'su-exec', 'chpst', 'setpriv', 'npx', 'pnpx', 'bunx', 'run-program', 'ddtrace-run', 'opentelemetry-instrument', 'newrelic-admin', 'uv', 'poetry', 'pipenv', 'pdm', 'hatch']);
/** Wrappers that take one operand (the user) before the command. */
const TAKES_USER = new Set(['gosu', 'su-exec', 'chpst']);
const PYTHON = /^python(?:\d+(?:\.\d+)?)?$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?::[A-Za-z_][\w.]*(?:\(\))?)?$/;
const MAX_DEPTH = 4;
/** `subprocess.run(["aws", "s3", …])` and friends: the argv's literal strings (the first is the command). */
const SUBPROCESS_ARGV = /\b(?:subprocess\.)?(?:run|call|check_call|check_output|Popen)\(\s*\[\s*(['"])([^'"\s]+)\1((?:\s*,\s*(['"])[^'"]*\4)*)/g;
/** `os.system("…")`, `os.popen("…")`, `subprocess.run("…", shell=True)`: a shell command line in one literal. */
const SHELL_STRING = /\b(?:os\.(?:system|popen)|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput))\(\s*(['"])([^'"\n]+)\1/g;

/** Files copied into the image that may run commands although no CMD names them. */
export interface CopiedCommandFiles {
  /** Shell scripts (`*.sh`, `*.bash`). */
  scripts: readonly string[];
  makefiles: readonly string[];
  /** Python sources, searched for `subprocess.run(["aws", …])`, `os.system("…")`. */
  python: readonly { abs: string; text: string }[];
}

/**
 * Commands the service runs: Dockerfile CMD/ENTRYPOINT of the runtime stage and RUN of the stages that reach it, compose command/entrypoint/healthcheck, `extra` scripts (package.json), and scripts they run.
 * With `copied`, also every shell script, Makefile recipe and Python subprocess call copied into the image (not `runtime`: nothing shows when they run).
 */
export function serviceCommands(service: Service, root: string, byBase: ReadonlyMap<string, readonly string[]>, extra: readonly { script: string; where: string }[] = [], copied?: CopiedCommandFiles): CommandUse[] {
  const out: CommandUse[] = [];
  const seenScripts = new Set<string>();
  let runtime = false;
  const walk = (words: readonly string[], where: string, depth: number): void => {
    const command = words.join(' ');
    let i = 0;
    while (i < words.length) {
      const w = words[i]!;
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
        i++;
        continue;
      }
      const base = path.posix.basename(w);
      if (base === '--' || base === '&&') {
        i++;
        continue;
      }
      out.push({ kind: 'command', name: base, where, command, args: words.slice(i + 1), runtime });
      if (SHELLS.has(base)) {
        const c = words.indexOf('-c', i + 1);
        if (c >= 0 && words[c + 1] !== undefined) {
          if (depth < MAX_DEPTH) walkScript(words[c + 1]!, where, depth + 1);
        } else {
          const script = words.slice(i + 1).find((x) => !x.startsWith('-'));
          if (script) runScript(script, where, depth);
        }
        return;
      }
      if (PYTHON.test(base)) {
        const m = words.indexOf('-m', i + 1);
        if (m >= 0 && words[m + 1] !== undefined) {
          out.push({ kind: 'module', name: words[m + 1]!, where, command, args: words.slice(m + 2), runtime });
          refs(words.slice(m + 2), where, command);
        }
        return;
      }
      if (base === 'node' || base === 'bun' || base === 'deno') {
        for (let k = i + 1; k < words.length; k++) {
          const flag = words[k]!;
          const eq = /^(?:-r|--require|--import|--loader|--experimental-loader)=(.+)$/.exec(flag);
          if (eq) out.push({ kind: 'module', name: eq[1]!, where, command, args: [], runtime });
          else if (/^(?:-r|--require|--import|--loader|--experimental-loader)$/.test(flag) && words[k + 1]) out.push({ kind: 'module', name: words[++k]!, where, command, args: [], runtime });
        }
        return;
      }
      if (/\.(?:sh|bash)$/.test(base) || ((w.startsWith('./') || w.startsWith('/')) && !/\.[A-Za-z]+$/.test(base) && byBase.has(base))) {
        runScript(w, where, depth);
        return;
      }
      if (WRAPPERS.has(base)) {
        i++;
        if (base === 'uv' || base === 'poetry' || base === 'pipenv' || base === 'pdm' || base === 'hatch') {
          if (words[i] === 'run') i++;
          else return;
        }
        if (base === 'newrelic-admin' && words[i] === 'run-program') i++;
        while (i < words.length && words[i]!.startsWith('-') && words[i] !== '--') i++;
        if (TAKES_USER.has(base)) i++;
        continue;
      }
      refs(words.slice(i + 1), where, command);
      return;
    }
  };
  const refs = (args: readonly string[], where: string, command: string): void => {
    for (const a of args) {
      const value = a.includes('=') && a.startsWith('-') ? a.slice(a.indexOf('=') + 1) : a;
      if (DOTTED.test(value) && !/\.(?:py|sh|txt|json|ya?ml|toml|cfg|ini|conf|log)$/.test(value)) out.push({ kind: 'ref', name: value.split(':')[0]!, where, command, args: [], runtime });
    }
  };
  const walkScript = (script: string, where: string, depth: number): void => {
    const parsed = splitShell(script, 0, script.length, null);
    for (const c of parsed.commands) walk(c.words.map((w) => w.text), where, depth);
  };
  const runScript = (word: string, where: string, depth: number, exact?: string): void => {
    if (depth >= MAX_DEPTH) return;
    const candidates = exact !== undefined ? [exact] : (byBase.get(path.posix.basename(word)) ?? []);
    for (const abs of candidates) {
      if (seenScripts.has(abs)) continue;
      seenScripts.add(abs);
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      const lines = new LineIndex(text);
      const parsed = splitShell(text, 0, text.length, null);
      for (const c of parsed.commands) {
        const first = c.words[0];
        if (!first) continue;
        const at = `${relPath(root, abs)}:${lines.position(first.range[0]).line}`;
        walk(c.words.map((w) => w.text), exact !== undefined ? `${at} (${where})` : `${at} (run by ${where})`, depth + 1);
      }
    }
  };

  const df = service.link?.dockerfile;
  if (df) {
    const text = df.model.file.text;
    const rel = relPath(root, df.path);
    // The runtime stage's CMD/ENTRYPOINT and the RUN lines of stages that reach it; every one without a stage model.
    for (const instr of service.link?.stages?.commands ?? df.model.instructions) {
      if (!['CMD', 'ENTRYPOINT', 'RUN'].includes(instr.keyword) || !instr.argsRange) continue;
      const where = `${rel}:${instr.line} ${instr.keyword}`;
      runtime = instr.keyword !== 'RUN';
      if (instr.exec) walk(instr.args.map((a) => a.text), where, 0);
      else {
        let [start, end] = instr.argsRange;
        if (instr.heredocs.length) {
          const nl = text.slice(start, end).search(/[\r\n]/);
          if (nl >= 0) end = start + nl;
          for (const h of instr.heredocs) walkScript(text.slice(h.content[0], h.content[1]), where, 1);
        }
        for (const c of splitShell(text, start, end, df.model.escape).commands) walk(c.words.map((w) => w.text), where, 0);
      }
    }
  }
  const svc = service.project.services.get(service.name);
  runtime = true;
  if (svc) {
    for (const key of ['entrypoint', 'command'] as const) {
      const value = svc.value[key];
      const where = composeWhere(service, root, [key]);
      if (typeof value === 'string') walkScript(value, where, 0);
      else if (Array.isArray(value)) walk(value.map(String), where, 0);
    }
    runtime = false;
    const hc = svc.value.healthcheck as Record<string, unknown> | undefined;
    const test = hc?.test;
    const where = composeWhere(service, root, ['healthcheck', 'test']);
    if (typeof test === 'string') walkScript(test, where, 0);
    else if (Array.isArray(test)) {
      const [mode, ...rest] = test.map(String);
      if (mode === 'CMD-SHELL' && rest[0] !== undefined) walkScript(rest.join(' '), where, 0);
      else if (mode === 'CMD') walk(rest, where, 0);
    }
  }
  runtime = true;
  for (const e of extra) walkScript(e.script, e.where, 0);
  if (copied) {
    runtime = false;
    for (const abs of copied.scripts) runScript(abs, 'copied into the image', 0, abs);
    for (const abs of copied.makefiles) {
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      // Recipe lines start with a tab; `@` and `-` prefixes only change echo and error handling.
      text.split(/\r?\n/).forEach((line, i) => {
        const m = /^\t[@+-]*\s*(.+)$/.exec(line);
        if (m) walkScript(m[1]!, `${relPath(root, abs)}:${i + 1} (Makefile recipe)`, 1);
      });
    }
    for (const f of copied.python) {
      const lines = new LineIndex(f.text);
      const where = (offset: number): string => `${relPath(root, f.abs)}:${lines.position(offset).line}`;
      for (const m of f.text.matchAll(SUBPROCESS_ARGV)) walk([m[2]!, ...[...m[3]!.matchAll(/(['"])([^'"]*)\1/g)].map((x) => x[2]!)], `${where(m.index!)} subprocess`, 1);
      for (const m of f.text.matchAll(SHELL_STRING)) walkScript(m[2]!, `${where(m.index!)} ${m[0].startsWith('os.') ? 'os.system' : 'subprocess'}`, 1);
    }
  }
  return out;
}

/** `compose.yaml:12 command` for the last definition of a service that sets the key. */
export function composeWhere(service: Service, root: string, keyPath: string[]): string {
  const svc = service.project.services.get(service.name);
  const defs = svc ? [...svc.defs].reverse() : [];
  for (const d of defs) {
    const node = d.node.getIn(keyPath, true) as Node | undefined;
    if (node?.range) {
      const line = lineAt(d.file.source, node.range[0]);
      return `${relPath(root, d.file.source.path)}:${line} ${keyPath.join('.')}`;
    }
    if (isMap(d.node) && d.node.hasIn(keyPath)) return `${relPath(root, d.file.source.path)} ${keyPath.join('.')}`;
  }
  return `compose ${keyPath.join('.')}`;
}
