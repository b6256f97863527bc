import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { start, sleep } from './kill.js';
import { cleanTemps, DIST_MAIN, manyProjects, NEW, OLD, tempDir } from './project.js';

// A user's edit made while composeshift writes is never overwritten: the bytes on disk are re-checked
// immediately before each rename; a mismatch is exit 2 and every file already replaced is put back.

afterEach(cleanTemps);

const N = 40;
const ARGS = ['apply', '.', '--recursive', '--usage', 'stats.txt'];
const EDIT = OLD.replace('# keep this comment', '# edited by the user while composeshift ran');

async function raceAt(phase: 'writing temp files' | 'renaming') {
  expect(existsSync(DIST_MAIN), `${DIST_MAIN} is missing: run \`npm run build\``).toBe(true);
  const root = tempDir();
  const files = manyProjects(root, N);
  const last = path.join(root, files[N - 1]!);
  const run = start(root, ARGS, 15);
  await run.saw(`composeshift-test: ${phase}`);
  // While renaming: wait until the first file is replaced, so there is something to put back.
  if (phase === 'renaming') while (readFileSync(path.join(root, files[0]!), 'utf8') !== NEW) await sleep(5);
  writeFileSync(last, EDIT);
  const r = await run.proc;
  return { root, files, last, code: r.exitCode, stderr: String(r.stderr) };
}

describe('an edit made while composeshift writes', () => {
  for (const phase of ['writing temp files', 'renaming'] as const) {
    it(`made while ${phase}: exit 2, the user's edit intact, every other file as it was, no temp files`, async () => {
      const r = await raceAt(phase);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`composeshift: ${r.files[N - 1]}: file changed on disk while composeshift was writing; nothing was written (the edit on disk is kept)`);
      expect(readFileSync(r.last, 'utf8')).toBe(EDIT);
      for (const f of r.files.slice(0, -1)) expect(readFileSync(path.join(r.root, f), 'utf8'), f).toBe(OLD);
      const left = (readdirSync(r.root, { recursive: true }) as string[]).filter((f) => f.includes('composeshift-') || f.startsWith('.composeshift'));
      expect(left).toEqual([]);
    });
  }
});
