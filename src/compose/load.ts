import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { InputError } from '../core/errors.js';
import { isConfined, relPath, type SourceFile } from '../core/source.js';
import { parseDotEnv, parseDotEnvLines } from './interpolation.js';
import { normalizeProjectName, type ComposeProject, type ComposeService, type ServiceDef } from './model.js';
import { parseYaml, toJs, type YamlFile } from './parse.js';
import { isMergePair, ownPair } from './yaml-nav.js';

/** What loading a compose project needs. */
export interface LoadComposeOptions {
  /** Compose files in -f order (absolute). */
  files: string[];
  /** Reads a file (throws InputError); results are cached by the caller. */
  read: (abs: string) => SourceFile;
  /** `-p NAME`. */
  projectName?: string;
  /** Follow `include:` and `extends: {file}` (on by default). */
  follow?: boolean;
  /** The run's root: `include:`, `extends.file` and `env_file` must stay inside it (default: no check). */
  root?: string;
  /** `--allow-outside-root`: follow references that leave the root. */
  allowOutsideRoot?: boolean;
}

type Obj = Record<string, unknown>;

/** Deep merge as compose merges files: mappings recursively, everything else replaced. */
export function deepMerge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Load a compose project from its files: parse, follow include/extends, merge services. */
export function loadComposeProject(opts: LoadComposeOptions): ComposeProject {
  const parsed = new Map<string, YamlFile>();
  const js = new Map<YamlFile, Obj>();
  const load = (abs: string): YamlFile => {
    let f = parsed.get(abs);
    if (!f) {
      f = parseYaml(opts.read(abs));
      parsed.set(abs, f);
      const value = toJs(f);
      if (value !== null && value !== undefined && !isPlainObject(value)) {
        throw InputError.at(f.source.rel, f.source.text, 0, 'a compose file must be a mapping');
      }
      js.set(f, (value as Obj | null) ?? {});
    }
    return f;
  };
  const files = opts.files.map(load);
  const dir = path.dirname(opts.files[0]!);
  const project: ComposeProject = { name: '', dir, files, linked: [], services: new Map(), env: new Map() };
  const follow = opts.follow !== false;
  /** A reference (include, extends file, env_file) must stay inside the root and name a regular file. */
  const confine = (file: YamlFile, offset: number, what: string, raw: string, abs: string): void => {
    const root = opts.root;
    const fail = (why: string): never => {
      throw InputError.at(file.source.rel, file.source.text, offset, `${what} '${raw}' ${why}`);
    };
    if (root !== undefined && !opts.allowOutsideRoot && !isConfined(root, abs)) fail(`resolves outside the root (${relPath(root, abs)}); use --allow-outside-root to follow it`);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return;
    }
    if (!st.isFile()) fail(`is not a regular file; it is never read`);
  };

  // YAMLMap.get is a linear scan: one name → node index per file keeps loading linear in services.
  const serviceNodes = new Map<YamlFile, Map<string, unknown>>();
  const serviceNode = (file: YamlFile, name: string): unknown => {
    let index = serviceNodes.get(file);
    if (!index) {
      index = new Map();
      const services = file.doc.get('services', true);
      if (isMap(services)) for (const p of services.items) if (isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p.value);
      serviceNodes.set(file, index);
    }
    return index.get(name);
  };
  const defsOf = (file: YamlFile, name: string, via: ServiceDef['via'], seen: Set<string>): ServiceDef[] => {
    const node = serviceNode(file, name);
    if (!isMap(node)) return [];
    const own: ServiceDef = { file, node: node as YAMLMap, via, name };
    const ext = ownPair(node as YAMLMap, 'extends');
    if (!ext || !follow) return [own];
    const key = `${file.source.path}#${name}`;
    if (seen.has(key)) throw InputError.at(file.source.rel, file.source.text, ext.key!.range![0], `extends cycle through service "${name}"`);
    seen.add(key);
    let baseName: string | undefined;
    let baseFile = file;
    if (isScalar(ext.value)) baseName = String(ext.value.value);
    else if (isMap(ext.value)) {
      baseName = String(ext.value.get('service') ?? '');
      const other = ext.value.get('file');
      if (typeof other === 'string') {
        const abs = path.resolve(path.dirname(file.source.path), other);
        confine(file, (ext.value.get('file', true) as Node | undefined)?.range?.[0] ?? ext.value.range![0], 'extends file', other, abs);
        if (!existsSync(abs)) throw InputError.at(file.source.rel, file.source.text, ext.value.range![0], `extends file not found: ${other}`);
        baseFile = load(abs);
        if (!project.linked.includes(baseFile) && !files.includes(baseFile)) project.linked.push(baseFile);
      }
    }
    const base = baseName ? defsOf(baseFile, baseName, 'extends', seen) : [];
    if (baseName && base.length === 0) {
      throw InputError.at(file.source.rel, file.source.text, ext.value!.range![0], `extends: service "${baseName}" not found`);
    }
    return [...base.map((d) => ({ ...d, via: 'extends' as const })), own];
  };

  // An included file is interpolated with its include's env_file (else its project_directory's .env) under the
  // including file's variables (those win, as compose-go merges them): without it `${M:-64M}` with M=256M in
  // inc/.env was decided on as 64M and its default edited, which changes nothing compose enforces.
  const includeEnvOf = (file: YamlFile, inc: Include, child: YamlFile): void => {
    const parent = project.includeEnv?.get(file.source.path);
    const values = new Map<string, string>();
    const source = new Map<string, string>();
    for (const e of inc.envFiles) {
      if (e.explicit) {
        confine(file, inc.offset, 'include env_file', e.raw, e.abs);
        if (!existsSync(e.abs)) throw InputError.at(file.source.rel, file.source.text, inc.offset, `include env_file not found: ${e.raw}`);
      } else if (!existsSync(e.abs)) continue;
      const rel = path.relative(opts.root ?? dir, e.abs).split(path.sep).join('/') || path.basename(e.abs);
      for (const [name, { value, line }] of parseDotEnvLines(opts.read(e.abs).text, (n) => values.get(n))) {
        values.set(name, value);
        source.set(name, `${rel}:${line}`);
      }
    }
    for (const [name, value] of parent?.values ?? []) values.set(name, value);
    for (const [name, from] of parent?.source ?? []) source.set(name, from);
    if (!values.size || project.includeEnv?.has(child.source.path)) return;
    (project.includeEnv ??= new Map()).set(child.source.path, { values, source });
  };

  const addFile = (file: YamlFile, via: 'file' | 'include', stack: string[]): void => {
    if (follow) for (const inc of includes(file)) {
      if (stack.includes(inc.abs)) throw InputError.at(file.source.rel, file.source.text, inc.offset, 'include cycle');
      confine(file, inc.offset, 'include', inc.raw, inc.abs);
      if (!existsSync(inc.abs)) throw InputError.at(file.source.rel, file.source.text, inc.offset, `included file not found: ${inc.raw}`);
      const child = load(inc.abs);
      if (!project.linked.includes(child)) project.linked.push(child);
      includeEnvOf(file, inc, child);
      addFile(child, 'include', [...stack, inc.abs]);
    }
    const obj = js.get(file)!;
    if (typeof obj.name === 'string' && via === 'file') project.name = obj.name;
    const services = servicesOf(file, obj);
    for (const name of Object.keys(services)) {
      if (services[name] === null && project.services.has(name)) continue; // `a:` in an override merges nothing
      if (!isPlainObject(services[name])) throw notMapping(file, name);
      const defs = defsOf(file, name, via, new Set());
      for (const d of defs) for (const e of envFiles(d)) confine(d.file, e.offset, 'env_file', e.raw, e.abs);
      let svc = project.services.get(name);
      if (!svc) project.services.set(name, (svc = { name, defs: [], value: {} }));
      svc.defs.push(...defs);
    }
  };
  for (const f of files) addFile(f, 'file', [f.source.path]);
  // compose refuses a project whose files are all empty ("empty compose file"): never "no changes" for it.
  if (files.every((f) => Object.keys(js.get(f)!).length === 0)) throw InputError.at(files[0]!.source.rel, files[0]!.source.text, 0, 'empty compose file (docker compose refuses it)');

  for (const svc of project.services.values()) svc.value = mergedValue(svc, js);
  project.name = normalizeProjectName(opts.projectName ?? (project.name || path.basename(dir)));
  const envPath = path.join(dir, '.env');
  if (existsSync(envPath)) {
    try {
      project.env = parseDotEnv(opts.read(envPath).text);
    } catch {
      // an unreadable .env only loses the override hints
    }
  }
  return project;
}

/** The `services:` mapping of a file; anything else there (null, a list, a scalar) is refused, as compose refuses it. */
function servicesOf(file: YamlFile, obj: Obj): Obj {
  if (!('services' in obj)) return {};
  if (isPlainObject(obj.services)) {
    // compose's schema: a service name is a string of [a-zA-Z0-9._-] (`123:` and `"a b":` are refused).
    const map = file.doc.get('services', true);
    if (isMap(map)) {
      for (const p of map.items) {
        if (isMergePair(p)) continue;
        const key = p.key as Node;
        const name = isScalar(key) ? key.value : undefined;
        if (typeof name !== 'string' || !/^[a-zA-Z0-9._-]+$/.test(name)) {
          throw InputError.at(file.source.rel, file.source.text, key?.range?.[0] ?? 0, `service name ${JSON.stringify(isScalar(key) ? key.value : String(key))} is not one compose accepts (a string of letters, digits, '.', '_' and '-')`);
        }
      }
    }
    return obj.services;
  }
  const node = file.doc.get('services', true) as Node | undefined;
  const pair = isMap(file.doc.contents) ? file.doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'services') : undefined;
  const offset = node?.range?.[0] ?? (pair?.key as Node | undefined)?.range?.[0] ?? 0;
  throw InputError.at(file.source.rel, file.source.text, offset, 'services must be a mapping (docker compose refuses the file)');
}

/** A service whose value is not a mapping (`a:` with nothing, a list, a scalar): compose refuses the file. */
function notMapping(file: YamlFile, name: string): InputError {
  const services = file.doc.get('services', true);
  const pair = isMap(services) ? services.items.find((p) => isScalar(p.key) && String(p.key.value) === name) : undefined;
  const offset = (pair?.value as Node | null | undefined)?.range?.[0] ?? (pair?.key as Node | undefined)?.range?.[0] ?? 0;
  return InputError.at(file.source.rel, file.source.text, offset, `services.${name} must be a mapping (docker compose refuses the file)`);
}

function mergedValue(svc: ComposeService, js: Map<YamlFile, Obj>): Obj {
  let value: Obj = {};
  for (const d of svc.defs) {
    const services = js.get(d.file)?.services as Obj | undefined;
    const v = services?.[d.name];
    if (isPlainObject(v)) {
      const { extends: _drop, ...rest } = v;
      value = deepMerge(value, rest);
    }
  }
  return value;
}

/** The `env_file:` paths of one service definition (string, list of strings, or `{path}` entries). */
function envFiles(def: ServiceDef): { abs: string; raw: string; offset: number }[] {
  const node = def.node.get('env_file', true);
  if (!node) return [];
  const base = path.dirname(def.file.source.path);
  const items = isSeq(node) ? node.items : [node];
  const out: { abs: string; raw: string; offset: number }[] = [];
  for (const item of items) {
    const p = isMap(item) ? item.get('path', true) : item;
    if (isScalar(p) && typeof p.value === 'string') out.push({ abs: path.resolve(base, p.value), raw: p.value, offset: p.range?.[0] ?? 0 });
  }
  return out;
}

/** One file an `include:` entry names, with the env files compose reads for it (explicit, else a .env that may exist). */
interface Include {
  abs: string;
  raw: string;
  offset: number;
  envFiles: { abs: string; raw: string; explicit: boolean }[];
}

function includes(file: YamlFile): Include[] {
  const node = file.doc.get('include', true);
  if (!isSeq(node)) return [];
  const out: Include[] = [];
  const base = path.dirname(file.source.path);
  const strings = (n: unknown): string[] =>
    isScalar(n) && typeof n.value === 'string' ? [n.value] : isSeq(n) ? n.items.flatMap((x) => (isScalar(x) && typeof x.value === 'string' ? [x.value] : [])) : [];
  for (const item of node.items) {
    const offset = (item as { range?: number[] }).range?.[0] ?? 0;
    const paths = isScalar(item) ? strings(item) : isMap(item) ? strings(item.get('path', true)) : [];
    const explicit = isMap(item) ? strings(item.get('env_file', true)) : [];
    const projectDir = isMap(item) ? strings(item.get('project_directory', true))[0] : undefined;
    const dirOf = projectDir !== undefined ? path.resolve(base, projectDir) : paths[0] !== undefined ? path.dirname(path.resolve(base, paths[0])) : base;
    const envFiles = explicit.length
      ? explicit.map((raw) => ({ abs: path.resolve(base, raw), raw, explicit: true }))
      : [{ abs: path.join(dirOf, '.env'), raw: '.env', explicit: false }];
    for (const p of paths) out.push({ abs: path.resolve(base, p), raw: p, offset, envFiles });
  }
  return out;
}
