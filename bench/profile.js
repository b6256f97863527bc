// Where planRun spends its time on the generated 200-service monorepo:
// `npm run build && node bench/profile.js [--runs N] [--no-usage] [--all]` re-runs itself under `node --cpu-prof`, then
// prints self and inclusive time by function (file:line) from the profile (kept in .bench/prof/).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateMonorepo } from './generate-monorepo.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = (runsAt >= 0 && Number(args[runsAt + 1])) || 5;
const PROF_DIR = path.join(ROOT, '.bench', 'prof');

if (args.includes('--child')) {
  const { planRun } = await import(pathToFileURL(path.join(ROOT, 'dist/src/pipeline/session.js')).href);
  const { registry } = await import(pathToFileURL(path.join(ROOT, 'dist/transforms/index.js')).href);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'composeshift-prof-'));
  try {
    generateMonorepo(dir, { services: 200, loggingAnchors: 4 });
    const usage = args.includes('--no-usage') ? undefined : 'docker-stats.txt';
    // The bench's transforms (memory-limits, torch-cpu); --all: every registered one, as the CLI runs.
    const transforms = args.includes('--all') ? undefined : ['memory-limits', 'torch-cpu'].filter((n) => registry.has(n));
    for (let i = 0; i < RUNS; i++) await planRun({ root: dir, cwd: dir, usage, transforms }, registry);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  mkdirSync(PROF_DIR, { recursive: true });
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`, fileURLToPath(import.meta.url), '--child', '--runs', String(RUNS), ...args.filter((a) => a === '--no-usage' || a === '--all')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const newest = readdirSync(PROF_DIR)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(PROF_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= started - 1000)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  summarize(JSON.parse(readFileSync(newest, 'utf8')), newest);
}

/** Self and inclusive time per function of a V8 .cpuprofile, top entries. */
function summarize(profile, file) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const label = (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${path.relative(ROOT, fileURLToPath(url.startsWith('file:') ? url : pathToFileURL(url)))}:${lineNumber + 1}` : '(native)';
    return `${functionName || '(anonymous)'} ${where}`;
  };
  const self = new Map();
  const total = new Map();
  for (const [id, us] of dt) {
    const n = byId.get(id);
    self.set(label(n), (self.get(label(n)) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur));
      if (seen.has(l)) continue; // recursion counts once
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + us);
    }
  }
  const all = [...dt.values()].reduce((a, b) => a + b, 0);
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([l, us]) => `${((us / all) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${l}`);
  console.log(`profile: ${path.relative(ROOT, file)} (${(all / 1000).toFixed(0)} ms sampled, ${RUNS} planRun)`);
  console.log('\nself time:');
  console.log(top(self, 15).join('\n'));
  console.log('\ninclusive time (project code):');
  console.log(top(new Map([...total].filter(([l]) => / (dist|src|transforms)\//.test(l))), 25).join('\n'));
}
