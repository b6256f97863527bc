import path from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../core/errors.js';
import type { Change } from '../core/finding.js';

/** Run git with an argument array in a folder; errors quote the command and its stderr. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd, reject: false, timeout: 60_000 });
  if (r.exitCode !== 0) throw new UsageError(`${shown(args)} failed (exit ${r.exitCode}): ${String(r.stderr).trim()}`);
  return String(r.stdout);
}

/**
 * A git command as an error quotes it: without the `-c` identity pairs, and `-m <message>` for the commit
 * message (the whole multi-line message in the error buried git's own reason, e.g. a failing hook's).
 */
function shown(args: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' && out.length === 0) i++;
    else if (args[i] === '-m') out.push('-m', `<message>`), i++;
    else out.push(args[i]!);
  }
  return `git ${out.join(' ')}`;
}

/** The top of the work tree that holds `dir`; a folder outside any repository is a usage error saying so. */
export async function workTree(dir: string): Promise<string> {
  const r = await execa('git', ['rev-parse', '--show-toplevel'], { cwd: dir, reject: false, timeout: 60_000 });
  if (r.exitCode !== 0) {
    throw new UsageError(`--branch needs a git repository: ${dir} is not in one (git: ${String(r.stderr).trim()}); nothing was written`);
  }
  return String(r.stdout).trim();
}

/** HEAD's commit; a repository without one (no first commit yet) is a usage error saying so. */
async function headCommit(top: string): Promise<string> {
  const r = await execa('git', ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { cwd: top, reject: false, timeout: 60_000 });
  if (r.exitCode !== 0) throw new UsageError(`--branch needs a commit to build the branch on: ${top} has no commits yet (make a first commit); nothing was written`);
  return String(r.stdout).trim();
}

/**
 * Refuse a dirty work tree (unless allowed), then (re)create the branch at HEAD and switch to it; resolves with
 * the commit the branch held before (undefined when it is new). A branch that exists is rebuilt on the current
 * base, as Renovate refreshes its branches. Even when allowed, a file about to be written must be clean: its own
 * uncommitted edits would end up in composeshift's commit.
 */
export async function startBranch(dir: string, name: string, allowDirty: boolean, toWrite: readonly string[] = [], outputs: readonly string[] = []): Promise<string | undefined> {
  const top = await workTree(dir);
  // The run's own output files (`--report`, `--pr-body`), written after the commit, do not make the tree dirty:
  // a report kept in the tree made every later run refuse (`?? report.md`) without --allow-dirty.
  const own = outputs.map((f) => path.relative(top, f)).filter((r) => r && !r.startsWith('..') && !path.isAbsolute(r));
  const status = withoutOwnState(await git(top, ['status', '--porcelain', '--', '.', ...own.map((r) => `:(exclude,literal)${r}`)]));
  if (status.trim() && !allowDirty) {
    throw new UsageError(`the work tree has uncommitted changes; commit or stash them, or pass --allow-dirty:\n${status.trimEnd()}`);
  }
  if (status.trim() && toWrite.length) {
    const mine = await git(top, ['status', '--porcelain', '--', ...toWrite]);
    if (mine.trim()) {
      throw new UsageError(`files composeshift would write and commit have uncommitted changes of their own; commit or stash them first:\n${mine.trimEnd()}`);
    }
  }
  await git(top, ['check-ref-format', '--branch', name]);
  const current = await execa('git', ['symbolic-ref', '-q', '--short', 'HEAD'], { cwd: top, reject: false });
  if (current.exitCode === 0 && String(current.stdout).trim() === name) {
    // Rebuilding the branch on itself would stack a second commit on the first: the base must be checked out.
    throw new UsageError(`${name} is checked out; switch to the base branch (e.g. git switch main) and run again: the branch is rebuilt on it`);
  }
  // Checked out in another work tree (`git worktree add`): moving it would leave that tree's index and files
  // reverting this commit (git switch -C does not refuse it).
  const elsewhere = checkedOutAt(await git(top, ['worktree', 'list', '--porcelain']), name);
  if (elsewhere) {
    throw new UsageError(`${name} is checked out in another work tree (${elsewhere}); composeshift rebuilds the branch, which would move it under that tree: switch that tree to another branch, or name another --branch. Nothing was written`);
  }
  const previous = await refSha(top, `refs/heads/${name}`);
  await git(top, ['switch', '-q', '-C', name]);
  return previous;
}

/** The work tree (from `git worktree list --porcelain`) that has `refs/heads/<name>` checked out, if any. */
function checkedOutAt(porcelain: string, name: string): string | undefined {
  for (const block of porcelain.split(/\n\n+/)) {
    const lines = block.split('\n');
    if (lines.includes(`branch refs/heads/${name}`)) return lines.find((l) => l.startsWith('worktree '))?.slice('worktree '.length);
  }
  return undefined;
}

/** The commit a ref points at, or undefined when there is no such ref. */
export async function refSha(dir: string, ref: string): Promise<string | undefined> {
  const r = await execa('git', ['rev-parse', '--verify', '-q', `${ref}^{commit}`], { cwd: dir, reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : undefined;
}

// composeshift's own lock and journal (`.composeshift/`) exist while it runs: they do not make the tree dirty.
function withoutOwnState(status: string): string {
  return status.split('\n').filter((l) => !/^\?\? (?:.*\/)?\.composeshift\/$/.test(l)).join('\n');
}

/** Where a repository stands: its top, HEAD's commit and the checked-out branch (undefined when detached). */
export interface BranchState {
  top: string;
  head: string;
  branch?: string;
}

/** Read the repository's state before composeshift changes it. */
export async function branchState(dir: string): Promise<BranchState> {
  const top = await workTree(dir);
  const head = await headCommit(top);
  const r = await execa('git', ['symbolic-ref', '-q', '--short', 'HEAD'], { cwd: top, reject: false });
  return { top, head, branch: r.exitCode === 0 ? String(r.stdout).trim() : undefined };
}

/**
 * Undo a failed `--branch` run on git's side, after its files were put back or never written: drop a commit it
 * made, unstage exactly its files, switch back to where the user was, delete the branch it created (or point a
 * branch that existed back at `previous`). The work tree files must already hold their old bytes (the switch
 * then carries nothing of ours).
 */
export async function resetToState(before: BranchState, created: string | undefined, files: readonly string[], previous?: string): Promise<void> {
  const top = before.top;
  const now = (await git(top, ['rev-parse', '--verify', 'HEAD'])).trim();
  if (now !== before.head) await git(top, ['reset', '-q', '--soft', before.head]);
  if (files.length) await git(top, ['reset', '-q', before.head, '--', ...files]);
  const current = await execa('git', ['symbolic-ref', '-q', '--short', 'HEAD'], { cwd: top, reject: false });
  const on = current.exitCode === 0 ? String(current.stdout).trim() : undefined;
  if (on !== before.branch) {
    if (before.branch) await git(top, ['switch', '-q', before.branch]);
    else await git(top, ['switch', '-q', '--detach', before.head]);
  }
  if (created && created !== before.branch && previous) {
    // The branch existed before this run: it points where it pointed, not deleted.
    await git(top, ['branch', '-q', '-f', created, previous]);
  } else if (created && created !== before.branch) {
    const exists = await execa('git', ['rev-parse', '--verify', '-q', `refs/heads/${created}`], { cwd: top, reject: false });
    if (exists.exitCode === 0) await git(top, ['branch', '-q', '-D', created]);
  }
}

/** The commit message: a subject, then one line per change (service, file, before → after, reason). */
export function commitMessage(changes: readonly Change[]): string {
  const services = new Set(changes.map((c) => c.service?.split('/').pop()).filter(Boolean));
  const subject = `composeshift: ${changes.length} change${changes.length === 1 ? '' : 's'} in ${services.size} service${services.size === 1 ? '' : 's'}`;
  const lines = changes.map((c) => `- ${c.service?.split('/').pop() ?? '-'}: ${c.file}:${c.line} ${c.what} ${c.before} → ${c.after} (${c.reason})`);
  return `${subject}\n\n${lines.join('\n')}\n`;
}

/** Stage exactly the written files and commit them with the message. */
export async function commitFiles(dir: string, files: readonly string[], message: string): Promise<string> {
  const top = await workTree(dir);
  await git(top, ['add', '--', ...files]);
  // A machine with no git identity (a fresh CI box) still gets a commit, authored as composeshift.
  const email = await execa('git', ['config', 'user.email'], { cwd: top, reject: false });
  const identity = String(email.stdout).trim() ? [] : ['-c', 'user.name=composeshift', '-c', 'user.email=composeshift@localhost'];
  // Only these paths (--only): changes the user staged before, allowed by --allow-dirty, stay theirs and staged.
  await git(top, [...identity, 'commit', '-q', '-m', message, '--only', '--', ...files]);
  return (await git(top, ['rev-parse', 'HEAD'])).trim();
}
