import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { relPath } from '../core/source.js';

const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.nox']);
/** Names that are templates, backups or ignore files of a Dockerfile, not Dockerfiles. */
const NOT_A_DOCKERFILE = /\.(?:dockerignore|j2|jinja2?|tmpl|tpl|template|in|bak|orig|swp|md|rej)$/i;

/** `Dockerfile`, `Dockerfile.<variant>` or `<name>.Dockerfile`, templates and backups excluded. */
export function isDockerfileName(base: string): boolean {
  if (NOT_A_DOCKERFILE.test(base)) return false;
  return /^Dockerfile$/i.test(base) || /^Dockerfile\.[^.]/i.test(base) || /^[^.].*\.Dockerfile$/i.test(base);
}

/**
 * The service name of a Dockerfile found without a compose file: its root-relative path, where a file named
 * exactly `Dockerfile` in a folder is named by that folder (`docker/api/Dockerfile` → `docker/api`; the root's
 * `Dockerfile` → `Dockerfile`; `docker/gpu.Dockerfile` → `docker/gpu.Dockerfile`).
 */
export function dockerfileServiceName(rel: string): string {
  return /\/Dockerfile$/.test(rel) ? rel.slice(0, -'/Dockerfile'.length) : rel;
}

/**
 * Every Dockerfile under root (absolute paths, sorted). In a git work tree git decides (tracked and
 * untracked-but-not-ignored files); elsewhere a walk that skips node_modules, VCS and virtualenv folders.
 * A folder that cannot be read is an InputError: a run must never report "no changes" for files it never saw.
 */
export function findDockerfiles(root: string): string[] {
  const out: string[] = [];
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (git.status === 0 && typeof git.stdout === 'string') {
    const denied = /could not open directory '([^']*)'/.exec(git.stderr ?? '');
    if (denied) throw new InputError(`cannot read folder ${denied[1]} (git: permission denied)`, denied[1]!.replace(/\/$/, ''));
    for (const rel of git.stdout.split('\0')) {
      if (!rel || rel.split('/').some((s) => s === 'node_modules')) continue;
      if (isDockerfileName(rel.slice(rel.lastIndexOf('/') + 1))) out.push(path.join(root, rel));
    }
    return out.sort();
  }
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new InputError(`cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, relPath(root, dir) || '.');
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(path.join(dir, e.name));
      } else if (e.isFile() && isDockerfileName(e.name)) out.push(path.join(dir, e.name));
    }
  };
  walk(root);
  return out.sort();
}
