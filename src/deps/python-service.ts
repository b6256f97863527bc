import { relPath } from '../core/source.js';
import type { Project, Service } from '../project/model.js';
import { importNamesFor, importUses, isTestOnly } from '../python/index.js';
import { serviceCommands } from './commands.js';
import { declaredPython, installedFiles } from './declared.js';
import type { DepIndex } from './dep-index.js';
import { envSwitchUse, serviceEnv } from './env-evidence.js';
import { entryRefs, reachableFiles, type GraphFile } from './reachable.js';
import { repoTestFiles } from './repo-tests.js';
import { scanCacheOf } from './scan-cache.js';
import { describeSources, isTestFile, localModules, serviceFiles } from './service-files.js';
import { configWords, describeRef, isRefConfig, StringRefIndex } from './string-refs.js';
import { serviceTexts, urlSchemes } from './texts.js';
import type { DeclaredDep, DepClass, DepFinding, ImportUse, ServiceDeps } from './types.js';
import { undeclared } from './undeclared.js';
import { at, cliUse, implicitUse, optionalBackendUse, type Scanned } from './use-evidence.js';

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
  const declared = declaredPython(project, service, installed);
  if (declared.length === 0 && files.python.length === 0) return undefined;

  const scanned: Scanned[] = [];
  const graph: GraphFile[] = [];
  const absOfRel = new Map<string, string>();
  const refs = new StringRefIndex();
  const copied = new Set(files.python);
  for (const abs of [...files.python, ...repoTestFiles(service, root, cache).filter((f) => !copied.has(f))]) {
    const scan = cache.python(abs);
    if (!scan) continue;
    const rel = relPath(root, abs);
    absOfRel.set(rel, abs);
    const test = !copied.has(abs) || isTestFile(relPath(files.roots.find((r) => abs.startsWith(r)) ?? root, abs)) || isTestFile(rel);
    if (!test) {
      graph.push({ abs, imports: scan.imports, strings: scan.strings });
      refs.add(rel, 'string', scan.strings);
    }
    for (const imp of scan.imports) {
      if (imp.relative) continue;
      scanned.push({ imp, use: { module: imp.module, file: rel, line: imp.line, test, typeOnly: imp.typeOnly, optional: imp.inTry } });
    }
  }
  for (const abs of files.config) {
    if (!isRefConfig(abs)) continue;
    const words = cache.memo(`words:${abs}`, () => {
      const text = cache.text(abs);
      return text === undefined ? [] : configWords(text);
    });
    refs.add(relPath(root, abs), 'word', words);
  }
  const runtime = scanned.filter((s) => !s.use.test);
  const commands = serviceCommands(service, root, files.byBase, [], {
    scripts: files.config.filter((f) => /\.(?:sh|bash)$/.test(f)),
    makefiles: [...(files.byBase.get('Makefile') ?? []), ...(files.byBase.get('makefile') ?? [])],
    python: graph.map((g) => ({ abs: g.abs, text: cache.python(g.abs)?.text ?? '' })),
  });
  const env = serviceEnv(service, root, cache);
  const texts = serviceTexts(service, root, files, files.python, (abs) => cache.text(abs));
  const code = texts.filter((t) => t.abs !== undefined && copied.has(t.abs));
  const schemes = urlSchemes(texts, cache);
  const site = index.sitePackages;
  const namesOf = new Map(declared.map((d) => [d.normalized, importNamesFor(d.normalized, site)]));
  const closures = new Map<string, Map<string, string[]>>();
  const closureOf = (d: string): Map<string, string[]> => closures.get(d) ?? closures.set(d, index.closure([d])).get(d)!;
  const noDeps = service.link?.pipInstalls.find((p) => p.options.includes('--no-deps'));

  const classify = (d: DeclaredDep, live: (of: string) => boolean, extraOk: (of: string) => boolean): Classed => {
    const names = namesOf.get(d.normalized)!;
    const uses = (s: Scanned): boolean => names.some((n) => importUses(s.imp, n));
    const hits = runtime.filter(uses);
    if (hits.length) {
      const first = hits[0]!.use;
      const more = hits.length > 1 ? ` (+${hits.length - 1} more)` : '';
      return { class: 'used', evidence: `import ${first.module} at ${at(first)}${more}${hits.every((h) => h.use.typeOnly) ? ', under TYPE_CHECKING only' : ''}` };
    }
    const cli = cliUse(d.normalized, names, commands);
    if (cli) return { class: 'cli', evidence: cli };
    const sw = envSwitchUse(d.normalized, env, commands);
    if (sw) return { class: 'env-switch', evidence: sw };
    const backend = optionalBackendUse(d.normalized, {
      loaderUse: (loader) => {
        const decl = declared.find((x) => x.normalized === loader && x !== d && live(loader));
        if (decl) return `${decl.rel}:${decl.line}`;
        const imp = runtime.find((s) => importNamesFor(loader, site).some((n) => importUses(s.imp, n)));
        return imp && `import ${imp.use.module} at ${at(imp.use)}`;
      },
      code,
      refs,
      commands,
    });
    if (backend) return { class: 'optional-backend', evidence: backend };
    const implicit = implicitUse(d.normalized, declared.filter((x) => extraOk(x.normalized)), runtime, schemes, texts);
    if (implicit) return { class: 'implicit', evidence: implicit };
    if (isTestOnly(d.normalized)) return { class: 'test-only', evidence: `${d.package} is a test or development tool (pytest and plugins, coverage, mocks, linters), installed in the runtime image` };
    const transitive = requiredBy(d, declared, live, closureOf, index);
    if (transitive) return { class: 'transitive', evidence: `${transitive}; a pin on it is deliberate: removing the line does not uninstall it, it only drops the pin${d.comment ? ` (the line says "${d.comment}")` : ''}${noDeps ? `; ${relPath(root, service.link!.dockerfile!.path)}:${noDeps.line} installs with --no-deps, so this line is what installs it` : ''}` };
    for (const n of names) {
      const ref = refs.find(n);
      if (ref) return { class: 'string-ref', evidence: `${describeRef(ref)} names module ${n} (loaded by name at run time)` };
    }
    const testHits = scanned.filter((s) => s.use.test && uses(s));
    if (testHits.length) return { class: 'test-only', evidence: `imported only by test files: ${testHits.slice(0, 3).map((h) => at(h.use)).join(', ')}` };
    // "Unused" needs the exact import names; a name only guessed from the distribution's name proves nothing.
    if (index.namesFrom(d.normalized) === undefined) return { class: 'unknown-name', evidence: unknownNameEvidence(d.package, names, files.python.length) };
    return { class: 'unused', evidence: `no import of ${names.join(' / ')} in ${files.python.length} Python file(s) ${describeSources(root, files.from, files.roots, files.python)}; not run as a command; no implicit use` };
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
  for (const f of findings) if (f.class === 'unused' && f.declared?.lock) f.evidence += `; ${f.declared.rel} is a lock file (${f.declared.lock.why}): not edited`;

  const notes: string[] = [];
  if (service.link?.guessed) notes.push('requirements guessed from the build context (the Dockerfile could not be read or understood)');
  const knowsDeclared = (service.link?.requirements.length ?? 0) > 0 || declared.length > 0;
  if (!knowsDeclared) notes.push('no requirements file or pip install found: undeclared imports are not reported');
  if (service.link?.problems.some((p) => p.code === 'pyproject-install')) notes.push('the Dockerfile installs a pyproject.toml project: its dependencies are not read, so undeclared imports are not reported');
  else if (knowsDeclared) {
    const reachable = reachableFiles(graph, files.roots, entryRefs(commands));
    if (!reachable && runtime.length) notes.push('the entry module was not found from CMD/ENTRYPOINT/command: undeclared imports are reported as info, not missing');
    const baseImages = service.link?.dockerfile?.model.stages.map((s) => s.base) ?? [];
    findings.push(...undeclared(runtime, declared, index, { local: localModules(files.roots, files.python), reachable, absOf: (u: ImportUse) => absOfRel.get(u.file) ?? '', baseImages }));
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

/** `required by pandas (pandas → numpy, from installed metadata)` when another kept declared package requires `d`. */
function requiredBy(d: DeclaredDep, declared: readonly DeclaredDep[], live: (of: string) => boolean, closureOf: (d: string) => Map<string, string[]>, index: DepIndex): string | undefined {
  for (const x of declared) {
    if (x.normalized === d.normalized || !live(x.normalized)) continue;
    const chain = closureOf(x.normalized).get(d.normalized);
    if (!chain) continue;
    const from = index.installed?.has(chain[chain.length - 2]!) ? 'installed metadata' : 'the bundled table';
    return `required by ${x.package} (${x.rel}:${x.line}; ${chain.join(' → ')}, from ${from})`;
  }
  return undefined;
}

/** Why a package with no known import names is kept, and what to pass so that its real names are read. */
function unknownNameEvidence(pkg: string, guessed: readonly string[], files: number): string {
  return `import names of ${pkg} are unknown (not in installed metadata nor the bundled table); no import of the guessed ${guessed.join(' / ')} in ${files} Python file(s); kept: pass --image-metadata (with the image built) or --site-packages DIR to read its real names`;
}
