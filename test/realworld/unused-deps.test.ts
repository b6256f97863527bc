// The labelled real-world set of issue 8: public repositories (fetched snapshots in /work/.mirror, never committed)
// and hand labels (labels/*.json: every package `needed` with its evidence, or `unused` after a search found no use).
// `apply -t unused-deps` must remove no labelled-needed package; recall on labelled-unused ones is reported.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredNames, normName } from './declared-names.js';
import { runRepo, type Label, type RepoEntry, type RepoResult } from './run-repo.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(readFileSync(path.join(here, 'repos.json'), 'utf8')) as { mirrorRoot: string; repos: RepoEntry[] };
const mirrorRoot = process.env.COMPOSESHIFT_MIRROR ?? config.mirrorRoot;
const inCI = process.env.CI === 'true';
const tmpRoot = mkdtempSync(path.join(tmpdir(), 'composeshift-realworld-'));
const rows: string[][] = [];
const wrongRemovals: string[] = [];
const wrongFindings: string[] = [];
const unjudged: string[] = [];

function loadLabels(name: string): Label[] {
  return (JSON.parse(readFileSync(path.join(here, 'labels', `${name}.json`), 'utf8')) as { labels: Label[] }).labels;
}

function row(entry: RepoEntry, labels: Label[], r: RepoResult): string[] {
  const neededRemoved = r.removals.filter((x) => x.label?.label === 'needed');
  const unusedRemoved = r.removals.filter((x) => x.label?.label === 'unused');
  const unlabelled = r.removals.filter((x) => !x.label);
  const flagged = r.neededFlaggedUnused === undefined ? 'n/a' : String(r.neededFlaggedUnused.length);
  return [
    entry.repo,
    `${r.auditExit}/${r.applyExit}`,
    String(r.removals.length),
    String(neededRemoved.length),
    `${unusedRemoved.length}/${labels.filter((l) => l.label === 'unused').length}`,
    String(unlabelled.length),
    flagged,
    r.seconds.toFixed(1),
    r.cpuSeconds.toFixed(1),
  ];
}

afterAll(() => {
  rmSync(tmpRoot, { recursive: true, force: true });
  if (!rows.length) return;
  const head = ['repo', 'exit audit/apply', 'removed', 'needed-removed', 'unused-removed/unused-labelled', 'unlabelled-removed', 'needed classed unused (audit)', 'wall s', 'cpu s'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  const table = [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
  console.log(['real-world unused-deps (issue 8):', ...table, '', 'labelled-needed packages removed:', ...(wrongRemovals.length ? wrongRemovals : ['(none)']),
    '', 'labelled-needed packages the audit classes unused (every service declaring the file):', ...(wrongFindings.length ? wrongFindings : ['(none)']),
    '', 'removed packages without a label (not judged):', ...(unjudged.length ? unjudged : ['(none)'])].join('\n'));
});

for (const entry of config.repos) {
  const gitDir = path.join(mirrorRoot, entry.repo.replace('/', '+'), 'repo');
  const labels = loadLabels(entry.name);
  const title = `real world: ${entry.repo}@${entry.commit.slice(0, 7)} (${entry.license})`;
  if (!existsSync(gitDir) && !inCI) {
    console.log(`skipped ${entry.repo}: no snapshot at ${gitDir} (fetch github:${entry.repo}; CI=true makes this a failure)`);
    describe.skip(title, () => it('needs the snapshot', () => {}));
    continue;
  }

  describe(title, () => {
    let r: RepoResult;
    beforeAll(async () => {
      if (!existsSync(gitDir)) throw new Error(`no snapshot at ${gitDir}: fetch github:${entry.repo} (the labels need commit ${entry.commit})`);
      r = await runRepo(entry, gitDir, path.join(tmpRoot, entry.name), labels);
      rows.push(row(entry, labels, r));
      for (const x of r.removals) if (x.label?.label === 'needed') wrongRemovals.push(`  ${entry.repo} ${x.file}: ${x.package} [${x.label.class}]`);
      for (const x of r.removals) if (!x.label) unjudged.push(`  ${entry.repo} ${x.file}: ${x.package}`);
      for (const l of r.neededFlaggedUnused ?? []) wrongFindings.push(`  ${entry.repo} ${l.file}: ${l.package} [${l.class}]`);
    }, 600_000);

    it('every label names a package its file declares at that commit', () => {
      const wrong = labels.filter((l) => {
        const text = r.pristine.get(l.file)?.toString('utf8');
        return text === undefined || !declaredNames(l.file, text).has(normName(l.package, l.ecosystem));
      });
      expect(wrong.map((l) => `${l.file}: ${l.package}`)).toEqual([]);
    });

    it('audit and apply complete on the tree (exit 0)', () => {
      expect({ audit: r.auditExit, apply: r.applyExit, err: r.applyExit === 0 ? '' : r.applyErr.slice(0, 400) }).toEqual({ audit: 0, apply: 0, err: '' });
    });

    it('removes no labelled-needed package', () => {
      const wrong = r.removals.filter((x) => x.label?.label === 'needed').map((x) => `${x.file}: ${x.package} [${x.label?.class}] ${x.label?.evidence}`);
      expect(wrong).toEqual([]);
    });

    it('edits no lock file, and no manifest without its lock', () => {
      const edited = entry.lockFiles.filter((f) => r.changed.includes(f)).map((f) => `${f} edited`);
      const unsynced = entry.lockPairs.filter(([m, lock]) => r.changed.includes(m) && !r.changed.includes(lock)).map(([m, lock]) => `${m} edited, ${lock} not`);
      expect([...edited, ...unsynced]).toEqual([]);
    });
  });
}
