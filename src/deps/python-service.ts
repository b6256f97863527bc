import { relPath } from '../core/source.js';
import type { Project, Service } from '../project/model.js';
import { fileReader } from '../project/load.js';
import { commandsFor, importNamesFor, importUses, isTestOnly, type PyImport } from '../python/index.js';
import { serviceCommands } from './commands.js';
import { declaredPython, installedFiles } from './declared.js';
import { dynamicCodeLoad } from './dynamic-code.js';
import { declaredProjectDependencies, installedProjects, keepProjectRequirements } from './project-install.js';
import { opaqueInstalls } from './opaque-installs.js';
import type { DepIndex } from './dep-index.js';
import { envSwitchUse, serviceEnv } from './env-evidence.js';
import { inheritedCommand } from './inherited-command.js';
import { entryRefs, reachableFiles, type GraphFile } from './reachable.js';
import { repoTestFiles } from './repo-tests.js';
import { RequirementGraph, viaGraph, type ViaGraph } from './requirement-graph.js';
import { scanCacheOf } from './scan-cache.js';
import { describeSources, isTestFile, localModules, serviceFiles } from './service-files.js';
import { configWords, describeRef, fileRefs, isRefConfig, StringRefIndex } from './string-refs.js';
import { serviceTexts, urlSchemes } from './texts.js';
import type { DeclaredDep, DepClass, DepFinding, ImportUse, ServiceDeps } from './types.js';
import { undeclared } from './undeclared.js';
import { at, cliUse, implicitUse, optionalBackendUse, textFinder, type Scanned } from './use-evidence.js';
import { plural } from '../core/plural.js';

type Classed = Omit<DepFinding, 'ecosystem' | 'package'>;

/** Classes that do not keep a package installed: a package only they require is not a reason to keep another. */
const GONE: ReadonlySet<DepClass> = new Set(['unused', 'test-only']);

/**
 * Declared Python dependencies of a service, its imports, and the class of each package with evidence. Order of the
 * evidence (the first that holds wins): used (imported by runtime code), cli, env-switch, optional-backend,
 * implicit, test-only (a test tool), transitive (another kept declared package requires it), string-ref, test-only
 * (imported only by test files), then unknown-name / unused.
 */
export function analyzePythonService(project: Project, service: Service, index: DepIndex): ServiceDeps | undefined {
  if (!service.build) return undefined;
  const root = project.root;
  const cache = scanCacheOf(project);
  const files = serviceFiles(service);
  const installed = installedFiles(project, service);
  const read = fileReader(project.root, project.files);
  const projects = installedProjects(service, (abs) => read(abs).text);
  const listed = declaredPython(project, service, installed);
  const declared = [...listed, ...declaredProjectDependencies(projects, root, new Set(listed.map((d) => d.normalized)))];
  if (declared.length === 0 && files.python.length === 0) return undefined;

  const scanned: Scanned[] = [];
  const graph: GraphFile[] = [];
  const absOfRel = new Map<string, string>();
  const refs = new StringRefIndex();
  const copied = new Set(files.python);
  for (const abs of [...files.python, ...repoTestFiles(service, files.roots, root, cache).filter((f) => !copied.has(f))]) {
    const scan = cache.python(abs);
    if (!scan) continue;
    const rel = cache.memo('rel', abs, () => relPath(root, abs));
    absOfRel.set(rel, abs);
    // A path under the root that is no test file is none relative to its copied folder either (fewer segments).
    const test = !copied.has(abs) || isTestFile(rel) || (rel.startsWith('../') && isTestFile(relPath(files.roots.find((r) => abs.startsWith(r)) ?? root, abs)));
    if (!test) {
      graph.push({ abs, imports: scan.imports, strings: scan.strings });
      refs.add(cache.memo('refs', abs, () => fileRefs(rel, 'string', scan.strings)));
    }
    // The same file gives the same uses to every service that copies it: built once per run.
    for (const s of cache.memo(test ? 'uses-test' : 'uses', abs, () => usesOfFile(scan.imports, rel, test))) scanned.push(s);
  }
  for (const abs of files.config) {
    if (!isRefConfig(abs)) continue;
    refs.add(cache.memo('refs', abs, () => {
      const text = cache.text(abs);
      return fileRefs(relPath(root, abs), 'word', text === undefined ? [] : configWords(text));
    }));
  }
  const runtime = scanned.filter((s) => !s.use.test);
  // Imports by the first segment of their module: a name `a.b` can only be used by imports of `a…`.
  const byTop = (list: readonly Scanned[]): Map<string, Scanned[]> => {
    const m = new Map<string, Scanned[]>();
    for (const s of list) {
      const top = s.imp.module.split('.', 1)[0]!;
      const l = m.get(top);
      if (l) l.push(s);
      else m.set(top, [s]);
    }
    return m;
  };
  const runtimeByTop = byTop(runtime);
  const testByTop = byTop(scanned.filter((s) => s.use.test));
  const order = new Map(scanned.map((s, i) => [s, i]));
  const usesOf = (idx: Map<string, Scanned[]>, names: readonly string[]): Scanned[] => {
    const hits = names.flatMap((n) => (idx.get(n.split('.', 1)[0]!) ?? []).filter((s) => importUses(s.imp, n)));
    return names.length > 1 ? [...new Set(hits)].sort((a, b) => order.get(a)! - order.get(b)!) : hits;
  };
  const commands = serviceCommands(service, root, files.byBase, [], {
    scripts: files.config.filter((f) => /\.(?:sh|bash)$/.test(f)),
    makefiles: [...(files.byBase.get('Makefile') ?? []), ...(files.byBase.get('makefile') ?? [])],
    // Only files that can call a subprocess are searched (decided once per file and run).
    python: graph
      .filter((g) => cache.memo('calls', g.abs, () => /\bsubprocess\.|\bos\.(?:system|popen)\b|\b(?:check_call|check_output|Popen)\(/.test(cache.python(g.abs)?.text ?? '')))
      .map((g) => ({ abs: g.abs, text: cache.python(g.abs)?.text ?? '' })),
  });
  const env = serviceEnv(service, root, cache);
  const texts = serviceTexts(service, root, files, files.python, (abs) => cache.text(abs));
  const schemes = urlSchemes(texts, cache);
  const site = index.sitePackages;
  const namesOf = new Map(declared.map((d) => [d.normalized, importNamesFor(d.normalized, site)]));
  // Requirement edges: installed metadata, then the `# via` lines of lock files the service installs, then the table.
  const vias: ViaGraph[] = [];
  for (const file of new Set(declared.filter((d) => d.lock).map((d) => d.file))) {
    const via = cache.memo('via', file, () => viaGraph(cache.text(file) ?? '', relPath(root, file)));
    if (via) vias.push(via);
  }
  const pins = new Map(declared.flatMap((d) => (d.specifier ? [[d.normalized, d.specifier] as const] : [])));
  const requirements = new RequirementGraph(index, vias, pins);
  // URL and path installs: no name to look their requirements up by, so any of them may require a declared package.
  const opaque = opaqueInstalls(service, installed, root, projects);
  const inherited = inheritedCommand(service, root);
  const noDeps = service.link?.pipInstalls.find((p) => p.options.includes('--no-deps'));

  const offsetIn = (abs: string, pattern: string, search: () => number): number => cache.memo(`find\0${pattern}`, abs, search);
  const findText = textFinder(texts, offsetIn);
  const findCode = textFinder(texts.filter((t) => t.abs !== undefined && copied.has(t.abs)), offsetIn);
  const importedAt = new Map<string, string | undefined>();
  const loaderImport = (loader: string): string | undefined => {
    if (!importedAt.has(loader)) {
      const names = importNamesFor(loader, site);
      const imp = usesOf(runtimeByTop, names)[0];
      importedAt.set(loader, imp && `import ${imp.use.module} at ${at(imp.use)}`);
    }
    return importedAt.get(loader);
  };

  // What does not depend on other packages' classes is decided once; the rest each round of the fixed point.
  const fixed = new Map<DeclaredDep, Classed | undefined>();
  const fixedEvidence = (d: DeclaredDep): Classed | undefined => {
    if (fixed.has(d)) return fixed.get(d);
    const names = namesOf.get(d.normalized)!;
    const hits = usesOf(runtimeByTop, names);
    let r: Classed | undefined;
    if (hits.length) {
      const first = hits[0]!.use;
      const more = hits.length > 1 ? ` (+${hits.length - 1} more)` : '';
      r = { class: 'used', evidence: `import ${first.module} at ${at(first)}${more}${hits.every((h) => h.use.typeOnly) ? ', under TYPE_CHECKING only' : ''}` };
    } else {
      const cli = cliUse(d.normalized, names, commands);
      const sw = cli ? undefined : envSwitchUse(d.normalized, env, commands);
      r = cli ? { class: 'cli', evidence: cli } : sw ? { class: 'env-switch', evidence: sw } : undefined;
      // A command inherited from an unknown base image may run any console command or server the requirements provide.
      if (!r && inherited && commandsFor(d.normalized).length) r = { class: 'cli', evidence: `provides \`${commandsFor(d.normalized).join('`, `')}\`; the command is inherited from base image ${inherited.image} (${inherited.where}) and not known: no CMD/ENTRYPOINT in the runtime stage, no compose command:/entrypoint:` };
    }
    fixed.set(d, r);
    return r;
  };
  const fallback = (d: DeclaredDep): Classed => {
    const names = namesOf.get(d.normalized)!;
    for (const n of names) {
      const ref = refs.find(n);
      if (ref) return { class: 'string-ref', evidence: `${describeRef(ref)} names module ${n} (loaded by name at run time)` };
    }
    const testHits = usesOf(testByTop, names);
    if (testHits.length) return { class: 'test-only', evidence: `imported only by test files: ${testHits.slice(0, 3).map((h) => at(h.use)).join(', ')}` };
    // "Unused" needs the exact import names; a name only guessed from the distribution's name proves nothing.
    const namesFrom = index.namesFrom(d.normalized);
    if (namesFrom === undefined) return { class: 'unknown-name', evidence: unknownNameEvidence(d.package, names, files.python.length) };
    return { class: 'unused', evidence: `no import of ${names.join(' / ')} (import names from ${namesFrom}) in ${plural(files.python.length, 'Python file')} ${describeSources(root, files.from, files.roots, files.python)}; not run as a command; no implicit use` };
  };
  const fallbacks = new Map<DeclaredDep, Classed>();

  const classify = (d: DeclaredDep, live: (of: string) => boolean, extraOk: (of: string) => boolean): Classed => {
    const first = fixedEvidence(d);
    if (first) return first;
    const backend = optionalBackendUse(d.normalized, {
      loaderUse: (loader) => {
        const decl = declared.find((x) => x.normalized === loader && x !== d && live(loader));
        return decl ? `${decl.rel}:${decl.line}` : loaderImport(loader);
      },
      findCode,
      refs,
      commands,
    });
    if (backend) return { class: 'optional-backend', evidence: backend };
    const implicit = implicitUse(d.normalized, declared.filter((x) => extraOk(x.normalized)), runtime, schemes, findText);
    if (implicit) return { class: 'implicit', evidence: implicit };
    if (isTestOnly(d.normalized)) {
      // A development tool the settings load by name (`INSTALLED_APPS += ('debug_toolbar',)`) runs in the service.
      for (const n of namesOf.get(d.normalized)!) {
        const ref = refs.find(n);
        if (ref) return { class: 'string-ref', evidence: `${describeRef(ref)} names module ${n} (loaded by name at run time, although ${d.package} is a development tool)` };
      }
      return { class: 'test-only', evidence: `${d.package} is a test or development tool (pytest and plugins, coverage, mocks, linters), installed in the runtime image` };
    }
    const transitive = requiredBy(d, declared, live, requirements);
    if (transitive) return { class: 'transitive', evidence: `${transitive}; a pin on it is deliberate: removing the line does not uninstall it, it only drops the pin${d.comment ? ` (the line says "${d.comment}")` : ''}${noDeps ? `; ${relPath(root, service.link!.dockerfile!.path)}:${noDeps.line} installs with --no-deps, so this line is what installs it` : ''}` };
    const last = fallbacks.get(d) ?? fallbacks.set(d, fallback(d)).get(d)!;
    if (last.class !== 'unused') return last;
    // `unused` needs every kept package's requirements known: one of them may require this one.
    const unknown = [...unknownRequirements(d, declared, live, requirements), ...opaque];
    return unknown.length ? { class: 'unverified', evidence: unverifiedEvidence(d.package, last.evidence, unknown) } : last;
  };

  // A package counts as loading or requiring another only while it stays: otherwise removing it would leave the
  // other behind, to be removed by the next run. Iterate to a fixed point.
  let classes = new Map<string, DepClass>();
  let results: Classed[] = [];
  for (let round = 0; round < 6; round++) {
    const prev = classes;
    results = declared.map((d) => classify(d, (of) => round === 0 || !GONE.has(prev.get(of) ?? 'used'), (of) => round === 0 || prev.get(of) !== 'unused'));
    classes = new Map(declared.map((d, i) => [d.normalized, results[i]!.class]));
    if (round > 0 && [...classes].every(([k, v]) => prev.get(k) === v)) break;
  }
  const findings: DepFinding[] = declared.map((d, i) => ({ ecosystem: 'python', package: d.package, ...results[i]!, file: d.rel, line: d.line, declared: d }));
  keepProjectRequirements(findings, projects, service, root);
  // Code the sources do not hold (plugins, user strategies loaded by path) may import any of them: none is provably unused.
  const dynamic = findings.some((f) => f.class === 'unused') ? dynamicCodeLoad(graph.map((g) => ({ abs: g.abs, text: cache.python(g.abs)?.text ?? '' })), root, files.python.map((f) => relPath(root, f))) : undefined;
  if (dynamic) for (const f of findings) if (f.class === 'unused') Object.assign(f, { class: 'unverified', evidence: `${f.evidence}; but the service runs code its sources do not hold (${dynamic}), which may import it: kept` });
  for (const f of findings) if (f.class === 'unused' && f.declared?.lock) f.evidence += `; ${f.declared.rel} is a lock file (${f.declared.lock.why}): not edited`;
  for (const f of findings) if (f.class === 'unused' && f.declared?.project) f.evidence += `; listed by ${f.declared.rel}, which composeshift does not edit: remove it there (and re-lock)`;

  const notes: string[] = [];
  if (service.link?.guessed) notes.push('requirements guessed from the build context (the Dockerfile could not be read or understood)');
  const knowsDeclared = (service.link?.requirements.length ?? 0) > 0 || declared.length > 0;
  if (!knowsDeclared) notes.push('no requirements file or pip install found: undeclared imports are not reported');
  const projectRead = declared.some((d) => d.project);
  if (service.link?.problems.some((p) => p.code === 'pyproject-install')) {
    notes.push(projectRead
      ? 'the Dockerfile installs a pyproject.toml project: its [project] dependencies are checked for unused ones (reported, never edited); undeclared imports are not reported (extras and groups are not read)'
      : 'the Dockerfile installs a pyproject.toml project: its dependencies are not read, so undeclared imports are not reported');
  }
  else if (knowsDeclared) {
    const reachable = reachableFiles(graph, files.roots, entryRefs(commands), (kind, key, make) => cache.memo(kind, key, make));
    if (!reachable && runtime.length) notes.push('the entry module was not found from CMD/ENTRYPOINT/command: undeclared imports are reported as info, not missing');
    const baseImages = service.link?.dockerfile?.model.stages.map((s) => s.base) ?? [];
    const mayProvide = [...declared.filter((d) => requirements.closure(d.normalized).unknown.length).map((d) => d.package), ...opaque];
    findings.push(...undeclared(runtime, declared, index, { local: localModules(files.roots, files.python), reachable, absOf: (u: ImportUse) => absOfRel.get(u.file) ?? '', baseImages, mayProvide }));
  }
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

/** The absolute imports of one file as uses. */
function usesOfFile(imports: readonly PyImport[], rel: string, test: boolean): Scanned[] {
  const out: Scanned[] = [];
  for (const imp of imports) if (!imp.relative) out.push({ imp, use: { module: imp.module, file: rel, line: imp.line, test, typeOnly: imp.typeOnly, optional: imp.inTry } });
  return out;
}

/** `required by pandas (pandas → numpy, from installed metadata)` when another kept declared package requires `d`. */
function requiredBy(d: DeclaredDep, declared: readonly DeclaredDep[], live: (of: string) => boolean, graph: RequirementGraph): string | undefined {
  for (const x of declared) {
    if (x.normalized === d.normalized || !live(x.normalized)) continue;
    const chain = graph.closure(x.normalized).chains.get(d.normalized);
    if (!chain) continue;
    const from = graph.requiresOf(chain[chain.length - 2]!)?.from ?? 'the bundled table';
    return `required by ${x.package} (${x.rel}:${x.line}; ${chain.join(' → ')}, from ${from})`;
  }
  return undefined;
}

/** Kept declared packages (other than `d`) whose requirements, or those of a package they require, are unknown: `pkg` or `pkg (via dep)`. */
function unknownRequirements(d: DeclaredDep, declared: readonly DeclaredDep[], live: (of: string) => boolean, graph: RequirementGraph): string[] {
  const out: string[] = [];
  for (const x of declared) {
    if (x.normalized === d.normalized || !live(x.normalized)) continue;
    const { unknown } = graph.closure(x.normalized);
    if (!unknown.length) continue;
    const name = unknown.includes(x.normalized) ? x.package : `${x.package} (via ${unknown.filter((u) => u !== d.normalized).slice(0, 3).join(', ')})`;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** Why an apparently unused package is kept: whether a kept package requires it cannot be shown. */
function unverifiedEvidence(pkg: string, unusedEvidence: string, unknown: readonly string[]): string {
  const names = unknown.length > 5 ? `${unknown.slice(0, 5).join(', ')} and ${unknown.length - 5} more` : unknown.join(', ');
  return `${unusedEvidence}; but the requirements of ${names} are unknown (no installed metadata, lock-file \`# via\` line or bundled entry), so one of them may require ${pkg}: kept; pass --image-metadata (with the image built) or --site-packages DIR to read them`;
}

/** Why a package with no known import names is kept, and what to pass so that its real names are read. */
function unknownNameEvidence(pkg: string, guessed: readonly string[], files: number): string {
  return `import names of ${pkg} are unknown (not in installed metadata nor the bundled table); no import of the guessed ${guessed.join(' / ')} in ${plural(files, 'Python file')}; kept: pass --image-metadata (with the image built) or --site-packages DIR to read its real names`;
}
