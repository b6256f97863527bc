import { readFileSync } from 'node:fs';
import { relPath } from '../core/source.js';
import type { Project, Service } from '../project/model.js';
import { commandsFor, importNamesFor, importUses, implicitUsesOf, isStdlib, isTestOnly, scanImportsBytes, CLI_PACKAGES, type ImplicitTrigger, type PyImport } from '../python/index.js';
import { normalizeName } from '../requirements/index.js';
import { serviceCommands, type CommandUse } from './commands.js';
import { declaredPython, installedFiles } from './declared.js';
import type { DepIndex } from './dep-index.js';
import { describeSources, isTestFile, localModules, serviceFiles } from './service-files.js';
import { findText, serviceTexts, urlSchemes, type TextSource } from './texts.js';
import type { DeclaredDep, DepFinding, ImportUse, ServiceDeps } from './types.js';

interface Scanned {
  use: ImportUse;
  imp: PyImport;
}

const at = (u: ImportUse): string => `${u.file}:${u.line}`;

/** Declared Python dependencies of a service, its imports, and the class of each package with evidence. */
export function analyzePythonService(project: Project, service: Service, index: DepIndex): ServiceDeps | undefined {
  if (!service.build) return undefined;
  const root = project.root;
  const files = serviceFiles(service);
  const installed = installedFiles(project, service);
  const declared = declaredPython(project, service, installed);
  if (declared.length === 0 && files.python.length === 0) return undefined;

  const scanned: Scanned[] = [];
  for (const abs of files.python) {
    let buf: Buffer;
    try {
      buf = readFileSync(abs);
    } catch {
      continue;
    }
    const rel = relPath(root, abs);
    const test = isTestFile(relPath(files.roots.find((r) => abs.startsWith(r)) ?? root, abs)) || isTestFile(rel);
    for (const imp of scanImportsBytes(buf).imports) {
      if (imp.relative) continue;
      scanned.push({ imp, use: { module: imp.module, file: rel, line: imp.line, test, typeOnly: imp.typeOnly, optional: imp.inTry } });
    }
  }
  const runtime = scanned.filter((s) => !s.use.test);
  const commands = serviceCommands(service, root, files.byBase);
  const texts = serviceTexts(service, root, files, files.python);
  const schemes = urlSchemes(texts);
  const site = index.sitePackages;

  const classify = (d: DeclaredDep, extraOk: (of: string) => boolean): Omit<DepFinding, 'ecosystem' | 'package'> => {
    const names = importNamesFor(d.normalized, site);
    const uses = (s: Scanned): boolean => names.some((n) => importUses(s.imp, n));
    const hits = runtime.filter(uses);
    if (hits.length) {
      const first = hits[0]!.use;
      const more = hits.length > 1 ? ` (+${hits.length - 1} more)` : '';
      return { class: 'used', evidence: `import ${first.module} at ${at(first)}${more}${hits.every((h) => h.use.typeOnly) ? ', under TYPE_CHECKING only' : ''}` };
    }
    const cli = cliUse(d.normalized, names, commands);
    if (cli) return { class: 'cli', evidence: cli };
    const implicit = implicitUse(d.normalized, declared.filter((x) => extraOk(x.normalized)), runtime, schemes, texts);
    if (implicit) return { class: 'implicit', evidence: implicit };
    const testHits = scanned.filter((s) => s.use.test && uses(s));
    if (testHits.length) return { class: 'test-only', evidence: `imported only by test files: ${testHits.slice(0, 3).map((h) => at(h.use)).join(', ')}` };
    if (isTestOnly(d.normalized)) return { class: 'test-only', evidence: `${d.package} is a test or development tool (pytest and plugins, coverage, mocks, linters), installed in the runtime image` };
    return { class: 'unused', evidence: `no import of ${names.join(' / ')} in ${files.python.length} Python file(s) ${describeSources(root, files.from, files.roots, files.python)}; not run as a command; no implicit use` };
  };

  // An extra (`uvicorn[standard]` → uvloop) counts only while the package carrying it stays: otherwise removing
  // uvicorn would leave uvloop behind, to be removed by the next run. Iterate to a fixed point.
  let classes = new Map<string, string>();
  let results: Omit<DepFinding, 'ecosystem' | 'package'>[] = [];
  for (let round = 0; round < 5; round++) {
    const prev = classes;
    results = declared.map((d) => classify(d, (of) => round === 0 || prev.get(of) !== 'unused'));
    classes = new Map(declared.map((d, i) => [d.normalized, results[i]!.class]));
    if (round > 0 && [...classes].every(([k, v]) => prev.get(k) === v)) break;
  }
  const findings: DepFinding[] = declared.map((d, i) => ({ ecosystem: 'python', package: d.package, ...results[i]!, file: d.rel, line: d.line, declared: d }));

  const notes: string[] = [];
  if (service.link?.guessed) notes.push('requirements guessed from the build context (the Dockerfile could not be read or understood)');
  const knowsDeclared = (service.link?.requirements.length ?? 0) > 0 || declared.length > 0;
  if (!knowsDeclared) notes.push('no requirements file or pip install found: undeclared imports are not reported');
  if (service.link?.problems.some((p) => p.code === 'pyproject-install')) notes.push('the Dockerfile installs a pyproject.toml project: its dependencies are not read, so undeclared imports are not reported');
  else if (knowsDeclared) findings.push(...undeclared(runtime, declared, files, index, site));
  return {
    service,
    ecosystem: 'python',
    sourceRoots: files.roots.map((r) => relPath(root, r)),
    sourcesFrom: files.from,
    sourceFileCount: files.python.length,
    declared,
    imports: scanned.map((s) => s.use),
    findings,
    notes,
  };
}


/** Evidence that the service runs the distribution as a command, `python -m`, or names its module in arguments. */
function cliUse(dist: string, names: readonly string[], commands: readonly CommandUse[]): string | undefined {
  const cmds = new Set([...commandsFor(dist), dist]);
  const modules = new Set([...names, ...CLI_PACKAGES.filter((c) => c.package === dist).flatMap((c) => c.modules ?? [])]);
  const under = (m: string): boolean => [...modules].some((n) => m === n || m.startsWith(`${n}.`));
  for (const c of commands) {
    if (c.kind === 'command' && (cmds.has(c.name) || cmds.has(normalizeName(c.name)))) return `runs \`${c.name}\` (${c.where}: ${c.command})`;
    if (c.kind === 'module' && under(c.name)) return `runs \`python -m ${c.name}\` (${c.where})`;
    if (c.kind === 'ref' && under(c.name)) return `names ${c.name} in \`${c.command}\` (${c.where})`;
  }
  return undefined;
}

function describe(t: ImplicitTrigger): string {
  switch (t.kind) {
    case 'url-scheme':
      return `URL ${t.scheme}://`;
    case 'import':
      return `import of ${t.module}`;
    case 'extra':
      return `${t.of}[${t.extra}]`;
    case 'text':
      return `"${t.pattern}"`;
  }
}

/** Evidence that something the service does use loads the distribution without an import. */
function implicitUse(dist: string, declared: readonly DeclaredDep[], runtime: readonly Scanned[], schemes: ReadonlyMap<string, { rel: string; line: number }>, texts: readonly TextSource[]): string | undefined {
  for (const use of implicitUsesOf(dist)) {
    for (const t of use.triggers) {
      let where: string | undefined;
      if (t.kind === 'url-scheme') {
        const hit = schemes.get(t.scheme.toLowerCase());
        if (hit) where = `${hit.rel}:${hit.line}`;
      } else if (t.kind === 'import') {
        const hit = runtime.find((s) => importUses(s.imp, t.module));
        if (hit) where = at(hit.use);
      } else if (t.kind === 'extra') {
        const hit = declared.find((d) => d.normalized === normalizeName(t.of) && d.extras.includes(normalizeName(t.extra)));
        if (hit) where = `${hit.rel}:${hit.line}`;
      } else {
        const hit = findText(texts, t.pattern);
        if (hit) where = `${hit.rel}:${hit.line}`;
      }
      if (where) return `${use.reason}: ${describe(t)} at ${where}`;
    }
  }
  return undefined;
}

/** Imports no declared distribution provides, outside the standard library and the service's own modules. */
function undeclared(runtime: readonly Scanned[], declared: readonly DeclaredDep[], files: ReturnType<typeof serviceFiles>, index: DepIndex, site: DepIndex['sitePackages']): DepFinding[] {
  const local = localModules(files.roots, files.python);
  const declaredNames = declared.map((d) => importNamesFor(d.normalized, site));
  const closure = index.closure(declared.map((d) => d.normalized));
  const groups = new Map<string, { uses: ImportUse[]; via?: string; chain?: string[]; dist: string; name: string }>();
  for (const s of runtime) {
    const { imp, use } = s;
    if (use.typeOnly || use.optional || imp.top === '' || imp.top === '__future__' || isStdlib(imp.top) || local.has(imp.top)) continue;
    if (declaredNames.some((names) => names.some((n) => importUses(imp, n)))) continue;
    const candidates = imp.kind === 'from' ? [...imp.names.map((n) => `${imp.module}.${n}`), imp.module] : [imp.module];
    let found = index.providers.providersOf(candidates[0]!);
    for (const c of candidates) {
      const p = index.providers.providersOf(c);
      if (p.known) {
        found = p;
        break;
      }
    }
    const viaDist = found.dists.find((d) => closure.has(d));
    const key = viaDist ?? found.dists[0]!;
    const g = groups.get(key) ?? { uses: [], dist: key, name: found.name };
    g.uses.push(use);
    if (viaDist) {
      g.via = closure.get(viaDist)![0];
      g.chain = closure.get(viaDist);
    }
    groups.set(key, g);
  }
  const out: DepFinding[] = [];
  for (const g of [...groups.values()].sort((a, b) => a.dist.localeCompare(b.dist))) {
    const first = g.uses[0]!;
    const places = g.uses.slice(0, 3).map(at).join(', ') + (g.uses.length > 3 ? ` (+${g.uses.length - 3} more)` : '');
    if (g.via !== undefined) {
      out.push({ ecosystem: 'python', package: g.dist, class: 'transitive', file: first.file, line: first.line, via: g.via, evidence: `import ${first.module} at ${places}; not declared, installed by ${g.chain!.join(' → ')}` });
    } else {
      out.push({ ecosystem: 'python', package: g.dist, class: 'missing', file: first.file, line: first.line, evidence: `import ${first.module} at ${places}; no declared package provides ${g.name} and it is not in the standard library` });
    }
  }
  return out;
}
