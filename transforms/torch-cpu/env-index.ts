import { expandVars, type PipInstall } from '../../src/dockerfile/index.js';

/** An index setting a pip command takes from its environment (an `ENV`/`ARG` of its stage, or `VAR=x pip …`). */
export interface EnvIndex {
  /** The command-line option it stands for (`--extra-index-url`), or `--torch-backend` / `--index-strategy` (uv). */
  name: string;
  value?: string;
  /** The variable, as the message names it. */
  variable: string;
}

/**
 * pip reads `PIP_<OPTION>` for every long option (https://pip.pypa.io/en/stable/topics/configuration/#environment-variables):
 * lists are separated by whitespace. uv reads its own `UV_*` names (https://docs.astral.sh/uv/reference/environment/),
 * never pip's; `UV_INDEX` entries may be `name=url`.
 */
const PIP: Readonly<Record<string, string>> = { PIP_INDEX_URL: '--index-url', PIP_EXTRA_INDEX_URL: '--extra-index-url', PIP_FIND_LINKS: '--find-links', PIP_NO_INDEX: '--no-index' };
const UV: Readonly<Record<string, string>> = {
  UV_INDEX_URL: '--index-url',
  UV_DEFAULT_INDEX: '--index-url',
  UV_EXTRA_INDEX_URL: '--extra-index-url',
  UV_INDEX: '--extra-index-url',
  UV_FIND_LINKS: '--find-links',
  UV_TORCH_BACKEND: '--torch-backend',
  UV_INDEX_STRATEGY: '--index-strategy',
};
const LISTS = new Set(['--extra-index-url', '--find-links']);
const FLAGS = new Set(['--no-index']);

/** The index settings a pip (or uv pip) command gets from variables: the stage's known ARG/ENV values, then `VAR=x` before the command. */
export function envIndex(install: PipInstall): EnvIndex[] {
  const table = install.tool === 'uv' ? UV : PIP;
  const vars = new Map(install.instruction.vars);
  for (const w of install.words) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.text);
    if (!m) break;
    vars.set(m[1]!, m[2]!);
  }
  const out: EnvIndex[] = [];
  for (const [variable, name] of Object.entries(table)) {
    const raw = vars.get(variable)?.trim();
    if (!raw) continue;
    if (FLAGS.has(name)) {
      if (/^(1|true|yes|on)$/i.test(raw)) out.push({ name, variable });
      continue;
    }
    const values = LISTS.has(name) ? raw.split(/\s+/) : [raw];
    for (const v of values) out.push({ name, value: variable === 'UV_INDEX' ? v.replace(/^[A-Za-z0-9_.-]+=(?=[a-z]+:)/i, '') : v, variable });
  }
  return out;
}

/** `--torch-backend cu126` / `--torch-backend=cu126` on a uv command line, or undefined. */
export function torchBackendOption(install: PipInstall): string | undefined {
  for (const o of install.options) {
    const m = /^--torch-backend(?:=|\s+)(\S+)$/.exec(o);
    if (m) return m[1];
  }
  return undefined;
}

/** `--index-strategy X` on a uv command line, or undefined. */
export function indexStrategyOption(install: PipInstall): string | undefined {
  for (const o of install.options) {
    const m = /^--index-strategy(?:=|\s+)(\S+)$/.exec(o);
    if (m) return m[1];
  }
  return undefined;
}

/** What decides where a pip command looks for torch, besides its index options and the requirements files. */
export interface CommandFacts {
  tool: 'pip' | 'uv';
  /** Index settings from variables. */
  env: EnvIndex[];
  /** uv's `--torch-backend` (or UV_TORCH_BACKEND): overrides every index for the PyTorch packages. */
  torchBackend?: { value: string; from: string };
  /** uv's `--index-strategy` (or UV_INDEX_STRATEGY). */
  indexStrategy?: string;
  /** `--no-index` (or PIP_NO_INDEX): only --find-links pages and local files are read. */
  noIndex?: string;
  /** A word that is only a variable (`$extra_index_url_arg`) whose value is unknown or holds an index option. */
  opaque?: string;
}

/** An option that names or drops an index, as a variable's value may hold it. */
const INDEX_WORD = /(^|\s)(-i|--index-url|--extra-index-url|-f|--find-links|--no-index|--torch-backend)(\b|=|$)/;

/**
 * A command word that is only a variable (`$extra_index_url_arg`, `${PIP_ARGS}`): the shell splits it into words that
 * may be options. Known values without an index option are fine; InvokeAI chose `--extra-index-url …/cu121` that way.
 */
export function opaqueWord(install: PipInstall): string | undefined {
  for (const p of install.packages) {
    if (!/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(p.text)) continue;
    const value = expandVars(p.text, install.instruction.vars);
    if (value === undefined || INDEX_WORD.test(value)) return p.text;
  }
  // `--index-url ${TORCH_INDEX}` with no known value: which index it is cannot be told.
  const unknown = install.indexOptions.find((o) => o.value?.includes('$') && expandVars(o.value, install.instruction.vars) === undefined);
  return unknown ? `${unknown.name} ${unknown.value}` : undefined;
}

/**
 * Index options whose value is a Dockerfile variable with a known value (`ARG TORCH_INDEX=…/rocm6.1` then
 * `pip install --index-url ${TORCH_INDEX} torch`): read like an index from the environment, under the variable's name.
 */
export function variableIndexes(install: PipInstall): EnvIndex[] {
  const out: EnvIndex[] = [];
  for (const o of install.indexOptions) {
    if (!o.value?.includes('$')) continue;
    const value = expandVars(o.value, install.instruction.vars);
    const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(o.value)?.[1];
    if (value !== undefined && variable) out.push({ name: o.name, value, variable });
  }
  return out;
}

/** The facts of one pip command; for several commands (one file installed by each), their union. */
export function commandFacts(installs: readonly PipInstall[]): CommandFacts | undefined {
  let out: CommandFacts | undefined;
  for (const install of installs) {
    const env = envIndex(install);
    const facts: CommandFacts = { tool: install.tool, env: [...env.filter((e) => e.name.startsWith('--') && !['--torch-backend', '--index-strategy', '--no-index'].includes(e.name)), ...variableIndexes(install)] };
    const backendOpt = install.tool === 'uv' ? torchBackendOption(install) : undefined;
    const backendEnv = env.find((e) => e.name === '--torch-backend');
    if (backendOpt !== undefined) facts.torchBackend = { value: backendOpt, from: `--torch-backend ${backendOpt}` };
    else if (backendEnv?.value !== undefined) facts.torchBackend = { value: backendEnv.value, from: `${backendEnv.variable}=${backendEnv.value}` };
    const strategy = (install.tool === 'uv' ? indexStrategyOption(install) : undefined) ?? env.find((e) => e.name === '--index-strategy')?.value;
    if (strategy !== undefined) facts.indexStrategy = strategy;
    const noIndexEnv = env.find((e) => e.name === '--no-index');
    const opaque = opaqueWord(install);
    if (opaque !== undefined) facts.opaque = opaque;
    if (install.indexOptions.some((o) => o.name === '--no-index')) facts.noIndex = '--no-index';
    else if (noIndexEnv) facts.noIndex = `${noIndexEnv.variable}=1`;
    if (!out) out = facts;
    else {
      out.env.push(...facts.env);
      if (facts.tool === 'uv') out.tool = 'uv';
      out.torchBackend ??= facts.torchBackend;
      if (out.indexStrategy !== facts.indexStrategy) delete out.indexStrategy; // every command must opt out of first-index
      out.noIndex ??= facts.noIndex;
      out.opaque ??= facts.opaque;
    }
  }
  return out;
}
