// The benchmark: `npm run build && node bench/run.js [--runs N]`.
// Prints figures as ratios against a floor (no pass/fail) next to their targets, and writes them to
// .bench/last.json. Everything is measured in-process with repeated runs (median), except the CLI's
// cold start, which spawns processes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync, openSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { generateBigCompose } from './big-compose.js';
import { generateMonorepo } from './generate-monorepo.js';
import { spawnMedians, timeMediansInterleaved } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = process.env.COMPOSESHIFT_CORPUS ?? [fileURLToPath(new URL('../../shared/corpus', import.meta.url)), '/work/shared/corpus'].find((p) => existsSync(p)) ?? '/work/shared/corpus';
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = (runsAt >= 0 && Number(args[runsAt + 1])) || 15;

const dist = (p) => pathToFileURL(path.join(ROOT, 'dist', p)).href;
if (!existsSync(path.join(ROOT, 'dist', 'src', 'pipeline', 'session.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { planRun } = await import(dist('src/pipeline/session.js'));
const { loadProject } = await import(dist('src/project/load.js'));
const { gatherFacts } = await import(dist('src/facts/gather.js'));
const { runTransforms } = await import(dist('src/pipeline/run-transforms.js'));
const { applyAll } = await import(dist('src/pipeline/apply-edits.js'));
const { verify } = await import(dist('src/pipeline/verify.js'));
const { registry } = await import(dist('transforms/index.js'));

const WANTED = ['memory-limits', 'torch-cpu'].filter((n) => registry.has(n));
const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'composeshift-bench-'));
const results = { date: new Date().toISOString(), node: process.version, runs: RUNS, transforms: WANTED, figures: {}, notes: [] };
const rows = [];
const note = (s) => results.notes.push(s);
const firstLine = (err) => String(err instanceof Error ? err.message : err).split('\n')[0];

/** The floor a plan is compared with: read the compose files and parse them with `yaml` (document + toJS, no alias cap). */
function readAndParse(files) {
  let n = 0;
  for (const f of files) n += Object.keys(parseDocument(readFileSync(f, 'utf8')).toJS({ maxAliasCount: -1 }) ?? {}).length;
  return n;
}

function row(measure, value, floor, ratio, target, cpu = '', cpuRatio = '') {
  rows.push({ measure, value, floor, ratio, cpu, cpuRatio, target });
}
const ms = (x) => `${x.toFixed(2)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
/** A row from two measured figures (bench/measure.js): wall medians and their ratio, CPU medians and theirs. */
function rowOf(measure, fig, floorFig, target) {
  const cpu = Number.isFinite(fig.cpuMs) ? `${fig.cpuMs.toFixed(1)} / ${floorFig.cpuMs.toFixed(1)} ms` : '';
  const cpuRatio = Number.isFinite(fig.cpuMs) && floorFig.cpuMs > 0 ? ratio(fig.cpuMs, floorFig.cpuMs) : '';
  row(measure, ms(fig.ms), ms(floorFig.ms), ratio(fig.ms, floorFig.ms), target, cpu, cpuRatio);
}
/** The 1-minute load average, for the notes: every figure here was taken on a machine others may share. */
const load = () => os.loadavg()[0].toFixed(2);

try {
  // ---- (1) the real corpus: each compose file alone in its own folder, with usage for every service.
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) {
    note(`corpus skipped: ${manifest} not found`);
  } else {
    const rels = readFileSync(manifest, 'utf8').split('\n').slice(1).map((l) => l.split('\t')).filter((c) => c[0] === 'compose').map((c) => c[1]);
    const cases = [];
    const excluded = [];
    rels.forEach((rel, i) => {
      const dir = path.join(tmpRoot, 'corpus', String(i));
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, path.basename(rel));
      copyFileSync(path.join(CORPUS, rel), file);
      const data = parseDocument(readFileSync(file, 'utf8'), { merge: true }).toJS({ maxAliasCount: -1 }) ?? {};
      const names = Object.keys(data.services ?? {});
      const stats = ['NAME   MEM USAGE / LIMIT', ...names.map((s) => `corpus-${s}-1   100MiB / 1GiB`)].join('\n') + '\n';
      writeFileSync(path.join(dir, 'docker-stats.txt'), stats);
      // Each file is copied alone: its build contexts (often `..`) point outside the copy's folder.
      cases.push({ rel, file, opts: { root: dir, cwd: dir, files: [file], projectName: 'corpus', usage: 'docker-stats.txt', transforms: WANTED, allowOutsideRoot: true } });
    });
    const ok = [];
    let changed = 0;
    for (const c of cases) {
      try {
        const plan = await planRun(c.opts, registry);
        changed += plan.changes.length;
        ok.push(c);
      } catch (err) {
        excluded.push({ file: c.rel, error: firstLine(err) });
      }
    }
    const { plan, floor } = await timeMediansInterleaved({
      plan: async () => {
        for (const c of ok) await planRun(c.opts, registry);
      },
      floor: () => readAndParse(ok.map((c) => c.file)),
    }, { runs: RUNS });
    results.figures.corpusPlan = { files: ok.length, changes: changed, planMs: plan.ms, floorMs: floor.ms, ratio: plan.ms / floor.ms, cpuRatio: plan.cpuMs / floor.cpuMs, target: 1.5, excluded, loadAverage: os.loadavg()[0] };
    rowOf(`plan, corpus (${ok.length} compose files, ${changed} changes)`, plan, floor, '≤ 1.5×');
    for (const e of excluded) note(`corpus: ${e.file} excluded from the plan timing: ${e.error}`);
  }

  // ---- (2) a generated 200-service monorepo.
  const gen = (name, opts) => {
    const dir = path.join(tmpRoot, name);
    mkdirSync(dir, { recursive: true });
    return generateMonorepo(dir, { services: 200, ...opts });
  };
  const repoOpts = (repo) => ({ root: repo.dir, cwd: repo.dir, usage: 'docker-stats.txt', transforms: WANTED });

  // Every service aliasing one `&logging` anchor, as a hand-written monorepo would. If that does not
  // load, the figures come from the same repo with the aliases spread over 4 anchors (≤ 100 uses each).
  let repo = gen('monorepo', { loggingAnchors: 1 });
  try {
    await planRun(repoOpts(repo), registry);
  } catch (err) {
    results.figures.monorepoOneAnchorError = firstLine(err);
    row('plan, 200 services, one shared &logging anchor', 'FAILS', '', '', 'must load');
    note(`200 services aliasing one anchor: planRun fails (${firstLine(err)}); measured with 4 anchors instead`);
    repo = gen('monorepo-4-anchors', { loggingAnchors: 4 });
  }
  const first = await planRun(repoOpts(repo), registry);
  const others = [...registry.keys()].filter((n) => !WANTED.includes(n));
  const needsLink = WANTED.some((n) => registry.get(n).meta.reads.some((k) => k !== 'compose'));
  const transforms = WANTED.map((n) => registry.get(n));
  const torch = registry.get('torch-cpu');
  const project = loadProject({ root: repo.dir, link: needsLink });
  const linked = torch && !needsLink ? loadProject({ root: repo.dir, link: true }) : project;
  const facts = await gatherFacts(project, { usage: repo.stats, cwd: repo.dir });
  const result = runTransforms(project, facts, transforms, undefined);
  const files = applyAll(project.files, result.edits);
  // Everything in one interleaved loop, so every figure shares the same floor and the same machine load.
  const fns = {
    floor: () => readAndParse([repo.compose]),
    // The linked plan reads every Dockerfile and requirements file too: its floor reads them as well.
    floorAll: () => {
      for (const f of linked.files.keys()) if (f !== repo.compose) readFileSync(f, 'utf8');
      return readAndParse([repo.compose]);
    },
    planMemory: () => planRun({ ...repoOpts(repo), transforms: ['memory-limits'] }, registry),
    planMemoryNoop: () => planRun({ ...repoOpts(repo), transforms: ['memory-limits'], usage: undefined }, registry),
    plan: () => planRun(repoOpts(repo), registry),
    planNoUsage: () => planRun({ ...repoOpts(repo), usage: undefined }, registry),
    ...(others.length ? { planAll: () => planRun({ ...repoOpts(repo), transforms: undefined }, registry) } : {}),
    load: () => loadProject({ root: repo.dir, link: needsLink }),
    facts: () => gatherFacts(project, { usage: repo.stats, cwd: repo.dir }),
    transforms: () => runTransforms(project, facts, transforms, undefined),
    apply: () => applyAll(project.files, result.edits),
    verify: () => verify(files, result.changes),
    ...(torch ? { torch: () => runTransforms(linked, facts, [torch], undefined) } : {}),
  };
  const load0 = load();
  const t = await timeMediansInterleaved(fns, { runs: RUNS });
  note(`200-service rows: load average ${load0} → ${load()} while measured`);
  const floor = t.floor.ms;
  const stageNames = ['load', 'facts', 'transforms', 'apply', 'verify'];
  const stages = Object.fromEntries(stageNames.map((k) => [k, t[k].ms]));
  results.figures.monorepoPlan = {
    services: repo.services.length, files: repo.files, changes: first.changes.length, planMs: t.plan.ms, floorMs: floor, ratio: t.plan.ms / floor, cpuRatio: t.plan.cpuMs / t.floor.cpuMs, target: 1.5, stagesMs: stages,
    stagesCpuMs: Object.fromEntries(stageNames.map((k) => [k, t[k].cpuMs])),
  };
  results.figures.monorepoPlanNoUsage = { planMs: t.planNoUsage.ms, floorMs: floor, ratio: t.planNoUsage.ms / floor, cpuRatio: t.planNoUsage.cpuMs / t.floor.cpuMs, target: 1.5 };
  const floorAll = t.floorAll.ms;
  results.figures.monorepoMemoryOnly = {
    planMs: t.planMemory.ms, noopMs: t.planMemoryNoop.ms, floorMs: floor, ratio: t.planMemory.ms / floor, noopRatio: t.planMemoryNoop.ms / floor,
    cpuRatio: t.planMemory.cpuMs / t.floor.cpuMs, noopCpuRatio: t.planMemoryNoop.cpuMs / t.floor.cpuMs, target: 1.5,
  };
  rowOf('plan memory-limits, 200 services (compose only, changes)', t.planMemory, t.floor, '≤ 1.5×');
  rowOf('plan memory-limits, 200 services (compose only, no-op)', t.planMemoryNoop, t.floor, '≤ 1.5×');
  results.figures.monorepoPlanVsAllFiles = { planMs: t.plan.ms, floorMs: floorAll, ratio: t.plan.ms / floorAll, cpuRatio: t.plan.cpuMs / t.floorAll.cpuMs, files: linked.files.size };
  rowOf(`plan, 200 services vs read of all ${linked.files.size} files it reads`, t.plan, t.floorAll, '≤ 1.5×');
  rowOf(`plan, 200 services (${first.changes.length} changes)`, t.plan, t.floor, '≤ 1.5×');
  rowOf('plan, 200 services, no usage (no-op)', t.planNoUsage, t.floor, '≤ 1.5×');
  if (t.planAll) {
    results.figures.monorepoPlanAllTransforms = { transforms: [...registry.keys()], planMs: t.planAll.ms, floorMs: floor, ratio: t.planAll.ms / floor, cpuRatio: t.planAll.cpuMs / t.floor.cpuMs };
    rowOf(`plan, 200 services, every transform (+${others.join(', ')})`, t.planAll, t.floor, '');
  }
  for (const k of stageNames) rowOf(`  stage: ${k}`, t[k], t.floor, '');

  // ---- (3) torch-cpu alone on the monorepo.
  if (t.torch) {
    results.figures.torchCpu = { services: repo.torch.length, ms: t.torch.ms, floorMs: floor, ratio: t.torch.ms / floor, cpuRatio: t.torch.cpuMs / t.floor.cpuMs };
    rowOf(`torch-cpu transform, 200 services (${repo.torch.length} with torch)`, t.torch, t.floor, '');
  } else {
    note('torch-cpu is not registered in transforms/index.ts: its timing is skipped');
  }

  // ---- (3b) linear cost: one compose file with 20,000 services, every transform, a change or a finding
  // for every service. Floor: yaml parseDocument().toJS() with yaml's own duplicate-key check off (that
  // check compares each key with every earlier one: quadratic, ~84 s here), which parseYaml replaces.
  {
    const BIG = Number(process.env.COMPOSESHIFT_BENCH_BIG ?? 20000);
    const bigDir = path.join(tmpRoot, 'big');
    mkdirSync(bigDir, { recursive: true });
    const big = generateBigCompose(bigDir, BIG);
    const bigOpts = { root: bigDir, cwd: bigDir, usage: 'docker-stats.txt' };
    const bigPlan = await planRun(bigOpts, registry);
    const t = await timeMediansInterleaved({
      plan: () => planRun(bigOpts, registry),
      floor: () => Object.keys(parseDocument(readFileSync(big.compose, 'utf8'), { uniqueKeys: false }).toJS({ maxAliasCount: -1 }) ?? {}).length,
    }, { runs: 3, warmup: 1 });
    results.figures.bigCompose = { services: BIG, changes: bigPlan.changes.length, findings: bigPlan.findings.length, planMs: t.plan.ms, floorMs: t.floor.ms, ratio: t.plan.ms / t.floor.ms, cpuRatio: t.plan.cpuMs / t.floor.cpuMs, target: 6 };
    rowOf(`plan on a ${BIG.toLocaleString('en')}-service compose file vs yaml parsing it (${bigPlan.changes.length} changes, ${bigPlan.findings.length} findings; median of 3)`, t.plan, t.floor, '≤ 6×');
  }

  // ---- (4) the CLI's cold start: `--version` against `node -e 0`, and a memory-only `plan` of a HomeIQ-size
  // monorepo (bench/generate-homeiq.js: 16 services, ~23 KB compose file) against a node process that loads
  // `yaml` and parses the same compose file (bench/yaml-floor.js). Whole processes, interleaved, median.
  {
    const { generateHomeiq } = await import('./generate-homeiq.js');
    const dir = path.join(tmpRoot, 'homeiq');
    mkdirSync(dir, { recursive: true });
    const hq = generateHomeiq(dir);
    const bin = path.join(ROOT, 'bin', 'composeshift.js');
    const load0 = load();
    const cli = spawnMedians({
      version: [process.execPath, bin, '--version'],
      node: [process.execPath, '-e', '0'],
      plan: [process.execPath, bin, 'plan', '-t', 'memory-limits', '--usage', 'docker-stats.txt', '.'],
      yaml: [process.execPath, path.join(ROOT, 'bench', 'yaml-floor.js'), hq.compose],
    }, { runs: 20, cwd: dir, ok: [0, 1] });
    note(`cold-start rows: load average ${load0} → ${load()} while measured`);
    results.figures.coldStart = { versionMs: cli.version.ms, nodeMs: cli.node.ms, ratio: cli.version.ms / cli.node.ms, cpuRatio: cli.version.cpuMs / cli.node.cpuMs, target: 1.2 };
    rowOf('cold start: composeshift --version', cli.version, cli.node, '≤ 1.2×');
    results.figures.homeiqPlan = { services: hq.services.length, composeBytes: hq.composeBytes, planMs: cli.plan.ms, floorMs: cli.yaml.ms, ratio: cli.plan.ms / cli.yaml.ms, planCpuMs: cli.plan.cpuMs, floorCpuMs: cli.yaml.cpuMs, cpuRatio: cli.plan.cpuMs / cli.yaml.cpuMs, target: 1.5, loadAverage: os.loadavg()[0] };
    rowOf(`cold plan -t memory-limits, HomeIQ size (${hq.services.length} services, ${(hq.composeBytes / 1024).toFixed(0)} KB compose) vs node + yaml parsing it`, cli.plan, cli.yaml, '≤ 1.5×');
  }

  // ---- (5) the python import scanner (bench/python-scan.ts, once compiled into dist/bench).
  const scanModule = path.join(ROOT, 'dist', 'bench', 'python-scan.js');
  if (existsSync(scanModule)) {
    const { benchPythonScan } = await import(pathToFileURL(scanModule).href);
    const s = await benchPythonScan();
    results.figures.pythonScan = s;
    row(`python import scan (${s.files} stdlib files, ${(s.bytes / 1e6).toFixed(1)} MB)`, `${s.mbPerSec.toFixed(1)} MB/s`, '', '', '');
  } else {
    note('python import scanner skipped: bench/python-scan.ts is not compiled (add "bench" to tsconfig.build.json include)');
  }
  // ---- (6) the dependency audit: `audit --recursive` on a 100-service monorepo whose services all copy one
  // shared/ library (bench/generate-audit-monorepo.js), as the CLI runs it (a process, cold start included).
  {
    const { generateAuditMonorepo } = await import('./generate-audit-monorepo.js');
    const dir = path.join(tmpRoot, 'audit-monorepo');
    mkdirSync(dir, { recursive: true });
    const repo = generateAuditMonorepo(dir, { services: 100 });
    // The JSON is several MB: written to a file (a pipe's default buffer would cut it), rendering included.
    const outFd = openSync(path.join(tmpRoot, 'audit.json'), 'w');
    const load0 = load();
    let a;
    try {
      a = spawnMedians({
        audit: [process.execPath, path.join(ROOT, 'bin', 'composeshift.js'), 'audit', '--recursive', dir, '--format', 'json'],
        node: [process.execPath, '-e', '0'],
      }, { runs: Math.min(RUNS, 5), warmup: 1, cwd: ROOT, stdout: outFd });
    } finally {
      closeSync(outFd);
    }
    results.figures.auditRecursive = { services: repo.services.length, files: repo.files, ms: a.audit.ms, minMs: a.audit.min, cpuMs: a.audit.cpuMs, nodeMs: a.node.ms, targetMs: 2000, loadAverage: os.loadavg()[0] };
    rowOf(`audit --recursive, ${repo.services.length} services sharing one library (${repo.files} files)`, a.audit, a.node, '≤ 2000 ms');
    note(`audit --recursive: load average ${load0} → ${load()} while measured (wall median ${a.audit.ms.toFixed(0)} ms, min ${a.audit.min.toFixed(0)} ms; CPU median ${a.audit.cpuMs.toFixed(0)} ms)`);
  }
} finally {
  rmSync(tmpRoot, { recursive: true, force: true });
}

// ---- The table, and the JSON.
const head = { measure: 'measure', value: 'value', floor: 'floor', ratio: 'ratio', cpu: 'cpu (value / floor)', cpuRatio: 'cpu ratio', target: 'target' };
const widths = Object.fromEntries(Object.keys(head).map((k) => [k, Math.max(...[head, ...rows].map((r) => String(r[k]).length))]));
const line = (r) => Object.keys(head).map((k) => (k === 'measure' ? String(r[k]).padEnd(widths[k]) : String(r[k]).padStart(widths[k]))).join('  ');
console.log(`composeshift bench — node ${process.version}, median of ${RUNS} runs, transforms: ${WANTED.join(', ')}`);
console.log('floor: plan rows = read + yaml parseDocument().toJS() of the same compose files (no alias cap); cold start = `node -e 0`');
console.log(`wall: median wall time; cpu: median CPU time (user + sys of the process, all threads), steadier on a busy machine; load average now ${load()}`);
console.log(line(head));
console.log(Object.values(widths).map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
for (const n of results.notes) console.log(`note: ${n}`);
mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
writeFileSync(path.join(ROOT, '.bench', 'last.json'), JSON.stringify(results, null, 2) + '\n');
console.log('written: .bench/last.json');
