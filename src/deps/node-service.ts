import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineIndex } from '../core/position.js';
import { relPath } from '../core/source.js';
import { serviceCommands, type CommandUse } from './commands.js';
import { requireLockProof } from './node-lock-proof.js';
import { nodeReachable } from './node-reachable.js';
import { importedStyle, pathInto } from './node-path-refs.js';
import { lockTransitive } from './node-transitive.js';
import { describeSources, isTestFile, serviceFiles } from './service-files.js';
import { findText, serviceTexts, urlSchemes, type TextSource } from './texts.js';
import type { DeclaredDep, DepFinding, ImportUse, ServiceDeps } from './types.js';
import { fileReader } from '../project/load.js';
import type { Project, Service } from '../project/model.js';
import type { NodeManifest } from '../dockerfile/node-manifest.js';
import { localAliases, type LocalAliases } from '../node/aliases.js';
import { lockEdges } from '../node/lock-edges.js';
import { configMention, isExtensionlessConfig } from '../node/build-config.js';
import { KNOWN_BINS, NODE_COMPILER_INJECTED, NODE_IMPLICIT, NODE_STYLE_LOADERS, NODE_TEST_ONLY, NODE_TEST_ONLY_PREFIXES } from '../node/data.js';
import { packageOf, scanNodeImports } from '../node/imports.js';
import { sectionMembers } from '../node/package-json.js';
import { SFC, sfcScript } from '../node/sfc.js';
import { vendoredReason } from '../node/vendored.js';
import { plural } from '../core/plural.js';

const DEV_SCRIPT = /^(?:pre|post)?(?:test|lint|format|prettier|eslint|coverage|typecheck|check)(?::.*)?$/;

/** Test/lint/type-only packages (`@types/*` never loads at runtime). */
export function isNodeDevOnly(name: string): boolean {
  return name.startsWith('@types/') || NODE_TEST_ONLY.has(name) || NODE_TEST_ONLY_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * `dependencies` of a package.json the service's Dockerfile installs from, each classed against the JS/TS files
 * the installing stage (and what it copies from) gets, parsed with ts-morph. Vendored or minified files and alias
 * imports never make a package `missing`.
 */
export function analyzeNodeService(project: Project, service: Service, manifest: NodeManifest): ServiceDeps | undefined {
  const pkgPath = manifest.path;
  const pkgDir = path.dirname(pkgPath);
  const root = project.root;
  const source = fileReader(root, project.files)(pkgPath);
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(source.text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const lines = new LineIndex(source.text);
  const declared: DeclaredDep[] = (sectionMembers(source.text, 'dependencies')?.members ?? []).map((m) => ({
    ecosystem: 'node' as const,
    package: m.key,
    normalized: m.key,
    file: pkgPath,
    rel: source.rel,
    line: lines.position(m.start).line,
    extras: [],
    inlineIgnore: false,
    ...(manifest.guessed ? { readOnly: true } : {}),
  }));
  // The installing stage's own copies: a frontend build stage reads its sources, not the API's.
  const files = serviceFiles(service.link ? { ...service, link: { ...service.link, sources: manifest.sources } } : service);
  const texts = new Map<string, string>();
  for (const abs of files.node) {
    try {
      texts.set(abs, readFileSync(abs, 'utf8'));
    } catch {
      // unreadable files import nothing we can see
    }
  }
  // Component files and stylesheets: imports in `<script>` blocks, packages named in `@import '~pkg/...'`.
  const others = [...files.byBase.values()].flat();
  for (const abs of others.filter((f) => SFC.test(f))) {
    const text = readSmall(abs);
    if (text !== undefined) texts.set(abs, sfcScript(text));
  }
  const markup = others.filter((f) => SFC.test(f) || STYLE_OR_HTML.test(f)).flatMap((abs) => {
    const text = readSmall(abs);
    return text === undefined ? [] : [{ rel: relPath(root, abs), text, firstLine: 1 }];
  });
  const imports: ImportUse[] = [];
  const vendored = new Map<string, string>();
  const scanned = texts.size ? scanNodeImports(texts) : new Map();
  for (const [abs, list] of scanned) {
    const rel = relPath(root, abs);
    const test = isTestFile(rel);
    const why = vendoredReason(relPath(pkgDir, abs), texts.get(abs) ?? '');
    if (why) vendored.set(rel, why);
    for (const i of list as ReturnType<typeof scanNodeImports> extends Map<string, infer V> ? V : never) {
      imports.push({ module: i.specifier, file: rel, line: i.line, test, typeOnly: i.typeOnly, optional: false });
    }
  }
  const scripts = (pkg.scripts && typeof pkg.scripts === 'object' ? Object.entries(pkg.scripts as Record<string, unknown>) : []).filter((e): e is [string, string] => typeof e[1] === 'string');
  const where = (name: string): string => `${source.rel}:${lines.position(source.text.indexOf(JSON.stringify(name))).line} scripts.${name}`;
  const runScripts = scripts.filter(([n]) => !DEV_SCRIPT.test(n)).map(([n, s]) => ({ script: s, where: where(n) }));
  const devScripts = scripts.filter(([n]) => DEV_SCRIPT.test(n)).map(([n, s]) => ({ script: s, where: where(n) }));
  const commands = serviceCommands(service, root, files.byBase, runScripts);
  const devCommands = devScripts.length ? serviceCommands({ ...service, link: undefined, project: { ...service.project, services: new Map() } }, root, files.byBase, devScripts) : [];
  const allTexts = serviceTexts(service, root, files, files.node).filter((t) => !/(?:^|\/)(?:package(?:-lock)?\.json|yarn\.lock|pnpm-lock\.yaml)$/.test(t.rel));
  const schemes = urlSchemes(allTexts);
  const edges = lockEdges(pkgDir);
  const binsOf = binIndex(pkgDir, edges?.bins);
  const aliases = localAliases([pkgDir], files.node.length || files.config.length ? [...files.config, ...files.node] : []);
  const runtime = imports.filter((i) => !i.test && !i.typeOnly);
  const usedPkgs = new Set(runtime.map((i) => packageOf(i.module)).filter((x): x is string => x !== undefined));
  for (const t of aliases.targets) usedPkgs.add(t);
  // `.babelrc`, `.eslintrc`, `.prettierrc`, `browserslist`: tool configs without an extension, read for names only.
  const rcTexts = others.filter((f) => isExtensionlessConfig(path.basename(f))).flatMap((abs) => {
    const text = readSmall(abs);
    return text === undefined ? [] : [{ rel: relPath(root, abs), text, firstLine: 1 }];
  });
  const configTexts = [...allTexts, ...rcTexts, ...[...texts].map(([abs, text]) => ({ rel: relPath(root, abs), text, firstLine: 1 }))];
  const namedTexts = [...configTexts.filter((t) => !SFC.test(t.rel)), ...markup].filter((t) => !isTestFile(t.rel));
  // package.json scripts run with node_modules in reach (`cp node_modules/x/dist/x.js public/`).
  const scriptTexts = scripts.map(([n, text]) => ({ rel: where(n), text, firstLine: 1 }));
  // A package run as a command (`next start`) loads its peers as surely as an import does.
  for (const d of declared) if (binUse(d.package, commands, binsOf)) usedPkgs.add(d.package);

  const classify = (d: DeclaredDep): Omit<DepFinding, 'ecosystem' | 'package'> => {
    const hits = runtime.filter((i) => packageOf(i.module) === d.package);
    if (hits.length) return { class: 'used', evidence: `${hits[0]!.module} at ${hits[0]!.file}:${hits[0]!.line}${hits.length > 1 ? ` (+${hits.length - 1} more)` : ''}` };
    if (aliases.targets.has(d.package)) return { class: 'used', evidence: `an import alias points into node_modules/${d.package} (${aliases.read.map((f) => relPath(root, f)).join(', ')})` };
    const cli = binUse(d.package, commands, binsOf);
    if (cli) return { class: 'cli', evidence: cli };
    const implicit = nodeImplicit(d.package, usedPkgs, schemes, allTexts) ?? configMention(d.package, configTexts, { rel: source.rel, value: pkg });
    if (implicit) return { class: 'implicit', evidence: implicit };
    const injected = NODE_COMPILER_INJECTED.get(d.package);
    if (injected) return { class: 'implicit', evidence: `${injected} (no import in the source)` };
    const loader = NODE_STYLE_LOADERS.find((l) => l.package === d.package);
    const styled = loader && (others.find((f) => loader.ext.test(f)) ?? markup.find((t) => new RegExp(`lang=["']${loader.lang}["']`).test(t.text))?.rel ?? importedStyle(imports, loader.ext));
    if (styled) return { class: 'implicit', evidence: `the bundler compiles ${loader!.lang} styles with it (${typeof styled === 'string' && path.isAbsolute(styled) ? relPath(root, styled) : styled})` };
    const named = namedAt(d.package, namedTexts);
    if (named) return { class: 'implicit', evidence: `named as a module path at ${named} (loaded by name)` };
    const read = pathInto(d.package, [...allTexts, ...scriptTexts], markup);
    if (read) return { class: 'implicit', evidence: read };
    const testHits = imports.filter((i) => i.test && packageOf(i.module) === d.package);
    if (testHits.length) return { class: 'test-only', evidence: `imported only by test files: ${testHits.slice(0, 3).map((h) => `${h.file}:${h.line}`).join(', ')}` };
    const devCli = binUse(d.package, devCommands, binsOf);
    if (devCli) return { class: 'test-only', evidence: `only run by test/lint scripts: ${devCli}` };
    if (d.package.startsWith('@types/')) return { class: 'test-only', evidence: `type declarations for ${d.package.slice(7)}: read by the type checker, never loaded at runtime (belongs in devDependencies)` };
    if (isNodeDevOnly(d.package)) return { class: 'test-only', evidence: `${d.package} is a test, lint or build tool, not needed by the running service` };
    const typeHits = imports.filter((i) => i.typeOnly && packageOf(i.module) === d.package);
    if (typeHits.length) return { class: 'test-only', evidence: `only type imports: ${typeHits[0]!.file}:${typeHits[0]!.line}` };
    return { class: 'unused', evidence: `not imported by any of ${plural(texts.size, 'JS/TS file')} ${describeSources(root, files.from, files.roots, files.node)}; no script or command runs it` };
  };
  const findings: DepFinding[] = declared.map((d) => ({ ecosystem: 'node', package: d.package, ...classify(d), file: d.rel, line: d.line, declared: d }));
  lockTransitive(findings, edges, root);
  // Only the lock shows that no kept package requires or peer-depends on a candidate: without that, it is kept.
  const lock = lockFileOf(pkgDir);
  const outer = lock ? undefined : outerLock(pkgDir, root);
  requireLockProof(findings, { root, manifest: source.rel, ...(lock ? { lock: path.join(pkgDir, lock.file) } : {}), ...(outer ? { outerLock: relPath(root, outer) } : {}), edges });
  const reachable = manifest.buildOnly ? undefined : nodeReachable(imports, commands, root, pkgDir, pkg.main);
  // A file resolves bare imports from the nearest node_modules above it: one under another manifest the service
  // installs (`cd client && npm install && cd ../server && npm install`) is judged by that manifest, not this one.
  const dirs = [...new Set((service.link?.nodeManifests ?? []).map((m) => path.dirname(m.path)))];
  const owner = (rel: string): string | undefined => {
    const abs = path.join(root, rel);
    return dirs.filter((d) => abs.startsWith(d + path.sep)).sort((a, b) => b.length - a.length)[0];
  };
  const own = dirs.length > 1 ? runtime.filter((i) => (owner(i.file) ?? pkgDir) === pkgDir) : runtime;
  findings.push(...undeclaredNode(pkg, own, declared, pkgDir, { vendored, aliases, buildOnly: manifest.buildOnly, reachable }));
  return { service, ecosystem: 'node', sourceRoots: files.roots.map((r) => relPath(root, r)), sourcesFrom: files.from, sourceFileCount: texts.size, declared, imports, findings, notes: [] };
}

const STYLE_OR_HTML = /\.(?:css|s[ac]ss|less|styl|html?|j2|jinja2?|njk|hbs|ejs|pug|twig|erb)$/;

function readSmall(abs: string): string | undefined {
  try {
    const text = readFileSync(abs, 'utf8');
    return text.length > 2_000_000 ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * `file:line` of a quoted module path naming the package (`'@mdi/font/css/x.css'`, `"~bootstrap/scss/x"`,
 * `"node_modules/bootstrap/dist/css/bootstrap.css"`, `url(pkg/x.woff)`) outside an import line: a loader, config list or stylesheet loads it by name.
 */
function namedAt(pkg: string, texts: readonly TextSource[]): string | undefined {
  const esc = pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `~pkg/…` (webpack), `node_modules/pkg/…` or `../node_modules/pkg/…` (a stylesheet @import, angular.json assets).
  const re = new RegExp(`['"\`(](?:~|(?:\\.{1,2}/)*node_modules/)?${esc}(?=['"\`/)])`, 'g');
  for (const t of texts) {
    for (const m of t.text.matchAll(re)) {
      const start = t.text.lastIndexOf('\n', m.index) + 1;
      const end = t.text.indexOf('\n', m.index);
      // A JS import line is the scanner's business; a stylesheet's `@import` is not.
      if (/(?:^|[^@\w])import\b|\bfrom\s*['"`]|\brequire\s*\(/.test(t.text.slice(start, end < 0 ? undefined : end))) continue;
      return `${t.rel}:${t.firstLine + t.text.slice(0, m.index).split('\n').length - 1}`;
    }
  }
  return undefined;
}

function binUse(pkg: string, commands: readonly CommandUse[], binsOf: (bin: string) => string | undefined): string | undefined {
  for (const c of commands) {
    if (c.kind === 'command' && (binsOf(c.name) ?? KNOWN_BINS.get(c.name) ?? c.name) === pkg) return `runs \`${c.name}\` (${c.where}: ${c.command})`;
    if (c.kind === 'module' && packageOf(c.name) === pkg) return `loaded with \`${c.command}\` (${c.where})`;
  }
  return undefined;
}

/**
 * bin name → package: node_modules/.bin when the build context has node_modules, else the lock's `bin` fields
 * (`postcss` is postcss-cli's, `rollup` is @rollup/wasm-node's: the package named like the command may not be it).
 */
function binIndex(context: string | undefined, lockBins?: ReadonlyMap<string, string>): (bin: string) => string | undefined {
  const nm = context ? path.join(context, 'node_modules') : undefined;
  if (!nm || !existsSync(nm)) return (bin) => lockBins?.get(bin);
  const cache = new Map<string, string | undefined>();
  return (bin) => {
    if (cache.has(bin)) return cache.get(bin);
    let found: string | undefined;
    try {
      const link = readFileSync(path.join(nm, '.bin', bin), 'utf8');
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(link);
      if (m) found = m[1];
    } catch {
      // no such bin
    }
    found ??= lockBins?.get(bin);
    cache.set(bin, found);
    return found;
  };
}

function nodeImplicit(pkg: string, used: ReadonlySet<string>, schemes: ReadonlyMap<string, { rel: string; line: number }>, texts: readonly TextSource[]): string | undefined {
  for (const e of NODE_IMPLICIT.filter((x) => x.package === pkg)) {
    const withPkg = e.usedWith?.find((u) => used.has(u));
    if (e.usedWith && !withPkg) continue;
    for (const s of e.schemes ?? []) {
      const hit = schemes.get(s);
      if (hit) return `${e.reason}: ${s}:// at ${hit.rel}:${hit.line}`;
    }
    for (const t of e.text ?? []) {
      const hit = findText(texts, t);
      if (hit) return `${e.reason}: ${t} at ${hit.rel}:${hit.line}`;
    }
    if (withPkg && !e.schemes && !e.text) return `${e.reason} (${withPkg} is imported)`;
  }
  // A package named as a string in code (`transport: { target: 'pino-pretty' }`, `client: 'pg'`) is loaded by name.
  for (const t of texts) {
    if (!/\.[cm]?[jt]sx?$/.test(t.rel) || isTestFile(t.rel)) continue;
    for (const q of [`'${pkg}'`, `"${pkg}"`]) {
      for (let i = t.text.indexOf(q); i >= 0; i = t.text.indexOf(q, i + 1)) {
        const start = t.text.lastIndexOf('\n', i) + 1;
        const end = t.text.indexOf('\n', i);
        // The import statement itself is not a use by name.
        if (/\b(?:import|from|require)\b/.test(t.text.slice(start, end < 0 ? undefined : end))) continue;
        return `named as a string at ${t.rel}:${t.text.slice(0, i).split('\n').length} (loaded by name)`;
      }
    }
  }
  return undefined;
}

/**
 * Imported packages missing from `dependencies`: transitive when the lock file installs them, else missing. Imports
 * of vendored files and alias imports are not packages; a build-only stage installs devDependencies too.
 */
function undeclaredNode(
  pkg: Record<string, unknown>,
  runtime: readonly ImportUse[],
  declared: readonly DeclaredDep[],
  pkgDir: string,
  opts: { vendored: ReadonlyMap<string, string>; aliases: LocalAliases; buildOnly: boolean; reachable?: ReadonlySet<string> },
): DepFinding[] {
  const have = new Set(declared.map((d) => d.package));
  const sections = ['peerDependencies', 'optionalDependencies', ...(opts.buildOnly ? (['devDependencies'] as const) : [])] as const;
  for (const k of sections) for (const n of Object.keys((pkg[k] as object | undefined) ?? {})) have.add(n);
  const dev = new Set(Object.keys((pkg.devDependencies as object | undefined) ?? {}));
  const locked = lockedPackages(pkgDir);
  const groups = new Map<string, ImportUse[]>();
  for (const i of runtime) {
    const name = packageOf(i.module);
    if (!name || have.has(name) || name === pkg.name || /\.config\.[cm]?[jt]s$/.test(i.file)) continue;
    if (opts.vendored.has(i.file) || opts.aliases.isLocal(i.module)) continue;
    groups.set(name, [...(groups.get(name) ?? []), i]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, uses]) => {
    const first = uses[0]!;
    const places = uses.slice(0, 3).map((u) => `${u.file}:${u.line}`).join(', ');
    if (locked.has(name) && !dev.has(name)) return { ecosystem: 'node', package: name, class: 'transitive', file: first.file, line: first.line, evidence: `${first.module} at ${places}; not in dependencies, installed as a dependency of another package (lock file)` };
    const why = dev.has(name) ? 'declared only in devDependencies (not installed with --omit=dev / --production)' : 'not in dependencies';
    // Files the container's entry never imports (a prebuilt frontend's sources, maintenance scripts) cannot break it.
    if (opts.reachable && !uses.some((u) => opts.reachable!.has(u.file))) {
      return { ecosystem: 'node', package: name, class: 'undeclared', file: first.file, line: first.line, evidence: `${first.module} at ${places}; ${why}; not missing: no file the container's entry reaches through its imports imports it` };
    }
    return { ecosystem: 'node', package: name, class: 'missing', file: first.file, line: first.line, evidence: `${first.module} at ${places}; ${why}` };
  });
}

/** The lock file next to a package.json and the command that refreshes it. */
export function lockFileOf(dir: string): { file: string; command: string } | undefined {
  for (const [file, command] of [['package-lock.json', 'npm install'], ['npm-shrinkwrap.json', 'npm install'], ['pnpm-lock.yaml', 'pnpm install'], ['yarn.lock', 'yarn'], ['bun.lockb', 'bun install'], ['bun.lock', 'bun install']] as const) {
    if (existsSync(path.join(dir, file))) return { file, command };
  }
  return undefined;
}

/** The lock file of the nearest folder above `dir`, up to the project root (a workspace root's), absolute. */
function outerLock(dir: string, root: string): string | undefined {
  for (let d = path.dirname(dir); d === root || d.startsWith(root + path.sep); d = path.dirname(d)) {
    const lock = lockFileOf(d);
    if (lock) return path.join(d, lock.file);
    if (d === root) break;
  }
  return undefined;
}

/** Package names a lock file installs (package-lock.json `packages` keys, yarn.lock and pnpm-lock.yaml entries), for telling transitive from missing. */
function lockedPackages(dir: string): Set<string> {
  const out = new Set<string>();
  try {
    const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages?: Record<string, unknown>; dependencies?: Record<string, unknown> };
    for (const k of Object.keys(lock.packages ?? {})) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(k);
      if (m) out.add(m[1]!);
    }
    for (const k of Object.keys(lock.dependencies ?? {})) out.add(k);
  } catch {
    // no npm lock file
  }
  // yarn.lock: `"@scope/name@^1.0.0", name@npm:^2:` at column 0; pnpm-lock.yaml: `  /name@1.0.0:` or `  '@scope/name@1.0.0':`.
  for (const [file, re] of [['yarn.lock', /^"?((?:@[^@/\s"]+\/)?[^@/\s"]+)@/gm], ['pnpm-lock.yaml', /^ {2}'?\/?((?:@[^@/\s']+\/)?[^@/\s']+)[@/]\d/gm]] as const) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (file === 'yarn.lock' && /^[^\s#]/.test(line)) for (const part of line.split(/,\s*/)) for (const m of part.matchAll(re)) out.add(m[1]!);
      if (file === 'pnpm-lock.yaml') for (const m of line.matchAll(re)) out.add(m[1]!);
    }
  }
  return out;
}
