import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as TsMorph from 'ts-morph';
import { morph } from './imports.js';

/** Module specifiers a service resolves to its own files: tsconfig/jsconfig `paths` and `baseUrl`, bundler aliases. */
export interface LocalAliases {
  /** True when `specifier` names a local module through an alias, not a package. */
  isLocal(specifier: string): boolean;
  /** Packages an alias points into (`"react": ["node_modules/preact/compat"]`): used, whatever the import says. */
  targets: Set<string>;
  /** The config files read, relative to nothing (absolute), for evidence. */
  read: string[];
}

const TS_CONFIGS = ['tsconfig.json', 'jsconfig.json'];
const BUNDLER_CONFIG = /^(?:vite|vitest|webpack|rollup|vue|svelte|astro|nuxt|quasar)\.config\.[cm]?[jt]s$|^webpack\.[\w.-]+\.[cm]?js$/;

/** Read the alias configs in `dirs` (the manifest's folder) and among `files` (what the image gets). */
export function localAliases(dirs: readonly string[], files: readonly string[]): LocalAliases {
  const patterns: string[] = [];
  const baseDirs = new Set<string>();
  const targets = new Set<string>();
  const read: string[] = [];
  const candidates = new Set<string>();
  for (const d of dirs) for (const n of TS_CONFIGS) candidates.add(path.join(d, n));
  for (const f of files) if (TS_CONFIGS.includes(path.basename(f))) candidates.add(f);
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const opts = compilerOptions(file, new Set());
    if (!opts) continue;
    read.push(file);
    if (opts.baseUrl) baseDirs.add(opts.baseUrl);
    for (const [key, values] of Object.entries(opts.paths)) {
      patterns.push(key);
      for (const v of values) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/*]+)/.exec(v);
        if (m) targets.add(m[1]!);
      }
    }
  }
  const bundlers = new Set<string>();
  for (const d of dirs) for (const n of safeList(d)) if (BUNDLER_CONFIG.test(n)) bundlers.add(path.join(d, n));
  for (const f of files) if (BUNDLER_CONFIG.test(path.basename(f))) bundlers.add(f);
  const bundlerKeys: string[] = [];
  for (const f of bundlers) {
    const keys = bundlerAliases(f);
    if (keys.length) read.push(f);
    bundlerKeys.push(...keys);
  }
  const isLocal = (spec: string): boolean => {
    if (patterns.some((p) => matchPattern(p, spec))) return true;
    if (bundlerKeys.some((k) => (k.endsWith('$') ? spec === k.slice(0, -1) : spec === k || spec.startsWith(`${k}/`)))) return true;
    const first = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    return [...baseDirs].some((b) => existsSync(path.join(b, first)) || ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'].some((e) => existsSync(path.join(b, first + e))));
  };
  return { isLocal, targets, read };
}

/** A tsconfig `paths` key (at most one `*`) against a specifier. */
function matchPattern(pattern: string, spec: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === spec;
  const pre = pattern.slice(0, star);
  const post = pattern.slice(star + 1);
  return spec.length >= pre.length + post.length && spec.startsWith(pre) && spec.endsWith(post);
}

/** `baseUrl` (absolute) and `paths` in effect for a tsconfig, following `extends` (relative files only). */
function compilerOptions(file: string, seen: Set<string>): { baseUrl?: string; paths: Record<string, string[]> } | undefined {
  if (seen.has(file) || seen.size > 20) return undefined;
  seen.add(file);
  let json: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  try {
    const r = morph().ts.parseConfigFileTextToJson(file, readFileSync(file, 'utf8'));
    if (r.error || !r.config || typeof r.config !== 'object') return undefined;
    json = r.config as typeof json;
  } catch {
    return undefined;
  }
  const dir = path.dirname(file);
  let out: { baseUrl?: string; paths: Record<string, string[]> } = { paths: {} };
  for (const ext of Array.isArray(json.extends) ? json.extends : json.extends === undefined ? [] : [json.extends]) {
    if (typeof ext !== 'string') continue;
    const base = resolveExtends(dir, ext);
    const parent = base ? compilerOptions(base, seen) : undefined;
    if (parent) out = { ...(parent.baseUrl !== undefined ? { baseUrl: parent.baseUrl } : out.baseUrl !== undefined ? { baseUrl: out.baseUrl } : {}), paths: { ...out.paths, ...parent.paths } };
  }
  const co = json.compilerOptions ?? {};
  if (typeof co.baseUrl === 'string') out.baseUrl = path.resolve(dir, co.baseUrl);
  if (co.paths && typeof co.paths === 'object') {
    // `paths` replace the inherited ones, as TypeScript does.
    out.paths = {};
    for (const [k, v] of Object.entries(co.paths as Record<string, unknown>)) if (Array.isArray(v)) out.paths[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

function resolveExtends(dir: string, ext: string): string | undefined {
  const c = ext.startsWith('.') || path.isAbsolute(ext) ? path.resolve(dir, ext) : path.join(dir, 'node_modules', ext);
  return [c, `${c}.json`, path.join(c, 'tsconfig.json')].find((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
}

/** Keys of `alias: { '@': ... }` and `alias: [{ find: '@', ... }]` in a bundler config, as far as they are literals. */
function bundlerAliases(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  if (!/\balias\b/.test(text)) return [];
  const { Project, SyntaxKind, Node } = morph();
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true, noLib: true } });
  const sf = project.createSourceFile(`/cfg${path.extname(file) || '.js'}`, text);
  const out: string[] = [];
  const nameOf = (p: TsMorph.Node): string | undefined => {
    if (!Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p)) return undefined;
    const n = p.getNameNode();
    return Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n) ? n.getLiteralValue() : Node.isIdentifier(n) ? n.getText() : undefined;
  };
  for (const prop of sf.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
    if (nameOf(prop) !== 'alias') continue;
    const init = prop.getInitializer();
    if (Node.isObjectLiteralExpression(init)) for (const p of init.getProperties()) {
      const k = nameOf(p);
      if (k !== undefined) out.push(k);
    }
    if (Node.isArrayLiteralExpression(init)) for (const el of init.getElements()) {
      if (!Node.isObjectLiteralExpression(el)) continue;
      const find = el.getProperty('find');
      const v = find && Node.isPropertyAssignment(find) ? find.getInitializer() : undefined;
      if (v && (Node.isStringLiteral(v) || Node.isNoSubstitutionTemplateLiteral(v))) out.push(v.getLiteralValue());
    }
  }
  return out;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
