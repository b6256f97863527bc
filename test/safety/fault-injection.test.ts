import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng, sleep, start } from './kill.js';
import { cleanTemps, cli, DIST_MAIN, manyProjects, NEW, OLD, tempDir } from './project.js';

// kill -9 (the whole process group) at 20 moments of a 300-file apply, then any command (plan): every file
// is all-old or all-new, and all of them TOGETHER; no temp file, no journal, no lock is left; exit codes right.
// COMPOSESHIFT_TEST_SLOW_MS pauses before each temp write and each rename, so the moments land in those phases.

const N = 300;
const TRIALS = Number(process.env.CS_TRIALS ?? 20);
const SLOW_MS = 3;
const APPLY = ['apply', '.', '--recursive', '--usage', 'stats.txt', '-q'];
// Any command settles the root's journal before it loads anything; one compose file keeps it quick.
const PLAN = ['plan', '.', '-f', 'p000/compose.yaml', '--usage', 'stats.txt', '-q'];

let template: string;
let files: string[];
beforeAll(() => {
  template = tempDir();
  files = manyProjects(template, N);
});
afterAll(cleanTemps);

/** Every leftover of a transaction: temps, backups, the journal, the lock. */
function leftovers(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.includes('composeshift-') || f.split(path.sep).includes('.composeshift'));
}

describe(`SIGKILL during a ${N}-file apply`, () => {
  it(`${TRIALS} random moments: the project is one consistent version after the next command`, { timeout: 600_000 }, async () => {
    expect(existsSync(DIST_MAIN), `${DIST_MAIN} is missing: run \`npm run build\``).toBe(true);
    const random = rng(0x5afe);
    // Each moment is a delay after a phase starts (the hook announces it), so load on the machine cannot push
    // every kill into one phase: 2 while planning, 7 while temps are written, 11 in or just after the renames
    // (a phase of about N × SLOW_MS; 30% past it reaches the final clean-up).
    const phaseOf = (trial: number) => (trial < 2 ? 'start' : trial < 9 ? 'writing temp files' : 'renaming');
    const seen = { old: 0, new: 0, forward: 0, back: 0 };
    // Moments are drawn up front (seeded), then trials run two at a time (one per core).
    const moments = Array.from({ length: TRIALS }, (_, trial) => (phaseOf(trial) === 'start' ? 50 + random() * 200 : random() * N * SLOW_MS * 1.3));
    const trialAt = async (trial: number) => {
      const dir = tempDir();
      const root = path.join(dir, 'project');
      cpSync(template, root, { recursive: true });
      const phase = phaseOf(trial);
      const at = Math.round(moments[trial]!);
      const where = `trial ${trial}: kill ${at} ms after ${phase === 'start' ? 'the start' : `"${phase}" began`}`;
      const t0 = Date.now();
      const run = start(root, APPLY, SLOW_MS);
      if (phase !== 'start') await run.saw(`composeshift-test: ${phase}`);
      await sleep(at);
      run.kill();
      const killed = await run.proc;
      // Killed: no exit code, SIGKILL. Finished first: exit 0.
      if (killed.exitCode !== 0) expect(killed.signal, `${where}: ${String(killed.stderr)}`).toBe('SIGKILL');

      const t1 = Date.now();
      const after = await cli(root, PLAN);
      if (process.env.CS_DEBUG) console.log(`${where}: apply ${t1 - t0} ms, plan ${Date.now() - t1} ms`);
      expect(after.code, `${where}: ${after.stderr}`).toBe(0);
      const texts = files.map((f) => readFileSync(path.join(root, f), 'utf8'));
      const fresh = texts.filter((t) => t === NEW).length;
      const stale = texts.filter((t) => t === OLD).length;
      expect(fresh + stale, `${where}: a file is neither old nor new`).toBe(N);
      expect([0, N], `${where}: ${fresh} of ${N} files new (mixed project)`).toContain(fresh);
      expect(leftovers(root), where).toEqual([]);
      const settled = /^composeshift: (completed|rolled back) an interrupted apply/m.exec(after.stderr);
      if (settled?.[1] === 'completed') seen.forward++;
      if (settled?.[1] === 'rolled back') seen.back++;
      if (settled?.[1] === 'completed') expect(fresh, where).toBe(N);
      if (settled?.[1] === 'rolled back') expect(fresh, where).toBe(0);
      if (fresh) seen.new++;
      else seen.old++;
      // The plan sees the settled project: p000 still to change (all old) or done (all new).
      expect(after.stdout.includes('+++ b/p000/compose.yaml'), where).toBe(fresh === 0);
      rmSync(dir, { recursive: true, force: true });
    };
    for (let trial = 0; trial < TRIALS; trial += 2) await Promise.all([trialAt(trial), ...(trial + 1 < TRIALS ? [trialAt(trial + 1)] : [])]);
    console.log(`fault injection: ${TRIALS} kills; ended all-old ${seen.old}, all-new ${seen.new}; rolled back ${seen.back}, rolled forward ${seen.forward}`);
    // The moments must have hit both phases, or the test proves little.
    expect(seen.back).toBeGreaterThan(0);
    expect(seen.forward).toBeGreaterThan(0);
  });
});
