import { execa } from 'execa';
import { UsageError } from '../core/errors.js';
import { git, refSha } from './branch.js';

/** What this run knows of the branch on the remote before it pushes, and where that knowledge comes from. */
export interface RemoteSeen {
  remote: string;
  branch: string;
  /** The remote branch's commit as last seen; undefined when it does not exist there. */
  sha?: string;
  /** `refs/remotes/origin/x` (our last push or fetch) or `git ls-remote` (asked at the start of this run). */
  source: string;
}

/**
 * The commit we last saw on `remote`'s branch: the remote-tracking ref when there is one (set by our last push or
 * a fetch), else what `git ls-remote` says now, before anything is written. This is the lease of the push: a
 * branch that someone moved since is never overwritten.
 */
export async function remoteSeen(top: string, remote: string, branch: string): Promise<RemoteSeen> {
  const named = (await execa('git', ['remote'], { cwd: top, reject: false })).stdout.split('\n').includes(remote);
  if (named) {
    const tracking = `refs/remotes/${remote}/${branch}`;
    const sha = await refSha(top, tracking);
    if (sha) return { remote, branch, sha, source: tracking };
  }
  const out = await git(top, ['ls-remote', '--heads', remote, `refs/heads/${branch}`]);
  const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
  const sha = line?.split('\t')[0];
  // A fresh clone (CI) has not fetched the branch: fetch it so an unchanged refresh is recognised, not re-pushed.
  if (sha && !(await refSha(top, sha))) await git(top, ['fetch', '-q', '--no-tags', remote, `refs/heads/${branch}`]);
  return { remote, branch, sha, source: `git ls-remote ${remote}` };
}

/** Two commits carry the same change: the same tree on the same parents (only dates and ids differ). */
export async function sameChange(top: string, a: string, b: string): Promise<boolean> {
  const show = async (sha: string) => (await git(top, ['show', '-s', '--format=%T %P', sha])).trim();
  return (await show(a)) === (await show(b));
}

/**
 * Push the local branch to `remote` with `--force-with-lease=<branch>:<seen sha>` (empty: it must not exist
 * there yet). A remote branch that moved since it was seen is a clear error (exit 2); nothing is lost: their
 * commits stay on the remote, ours on the local branch.
 */
export async function pushBranch(top: string, seen: RemoteSeen): Promise<void> {
  const { remote, branch } = seen;
  const ref = `refs/heads/${branch}`;
  const args = ['push', '--porcelain', `--force-with-lease=${ref}:${seen.sha ?? ''}`, remote, `${ref}:${ref}`];
  const r = await execa('git', args, { cwd: top, reject: false, timeout: 120_000 });
  if (r.exitCode === 0) return;
  const said = `${String(r.stdout)}\n${String(r.stderr)}`.trim();
  const local = (await refSha(top, ref))?.slice(0, 12) ?? '?';
  if (/stale info|fetch first|non-fast-forward|\[rejected\]/.test(said)) {
    const was = seen.sha ? `at ${seen.sha.slice(0, 12)} (${seen.source})` : `absent (${seen.source})`;
    const now = await execa('git', ['ls-remote', '--heads', remote, ref], { cwd: top, reject: false });
    const nowSha = String(now.stdout).split('\t')[0]?.trim();
    const where = now.exitCode !== 0 ? '' : nowSha ? `; it is now at ${nowSha.slice(0, 12)}: someone else pushed to it` : `; it is now deleted (git fetch --prune ${remote}, then run again)`;
    throw new UsageError(
      `push refused: ${remote} ${branch} moved since composeshift last saw it ${was}${where}.\n` +
        `Nothing was lost: their commits stay on ${remote}, this run's commit is ${local} on the local branch ${branch}.\n` +
        `Look at theirs (git fetch ${remote} ${branch}), then run again or push by hand.\n${said}`,
    );
  }
  throw new UsageError(`git ${args.join(' ')} failed (exit ${r.exitCode}); the commit ${local} is on the local branch ${branch}:\n${said}`);
}
