import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { InputError } from '../core/errors.js';

/**
 * Compose's default file names, in the order `docker compose` (compose-go's DefaultFileNames) tries them:
 * `docker-compose.yml` before `docker-compose.yaml` (checked against Compose 2.26: with both, it uses .yml).
 */
export const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;
/** Override files compose loads after the default file, in its order (DefaultOverrideFileNames: .yml first). */
export const OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'] as const;

/**
 * The files `docker compose` would load in a folder: the first default name that exists, plus the first
 * override that exists. A name taken by a folder is taken as compose takes it (and then refused when read),
 * never skipped for the next name: that would edit a file compose does not load.
 */
export function composeFilesIn(dir: string): string[] {
  const main = COMPOSE_NAMES.map((n) => path.join(dir, n)).find((p) => exists(p));
  if (!main) return [];
  const override = OVERRIDE_NAMES.map((n) => path.join(dir, n)).find((p) => exists(p));
  return override ? [main, override] : [main];
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', 'dist', 'build']);

/**
 * Every folder under root holding a compose project. In a git work tree, git's own view decides (tracked
 * and untracked-but-not-ignored files); elsewhere a walk that skips node_modules, VCS and virtualenv folders.
 */
export function findComposeProjects(root: string): string[] {
  const names = new Set<string>(COMPOSE_NAMES);
  const dirs = new Set<string>();
  const fromGit = gitFiles(root);
  if (fromGit) {
    for (const rel of fromGit) {
      const base = rel.slice(rel.lastIndexOf('/') + 1);
      if (!names.has(base)) continue;
      if (rel.split('/').some((seg) => seg === 'node_modules')) continue;
      dirs.add(path.join(root, path.dirname(rel)));
    }
  } else {
    const walk = (dir: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        // A folder that cannot be read may hold a project: never answer "no changes" for it.
        throw new InputError(`cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, path.relative(root, dir) || '.');
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!SKIP.has(e.name)) walk(path.join(dir, e.name));
        } else if (names.has(e.name)) dirs.add(dir);
      }
    };
    walk(root);
  }
  return [...dirs].filter((d) => composeFilesIn(d).length > 0).sort();
}

function gitFiles(root: string): string[] | undefined {
  if (!existsSync(root)) return undefined;
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (git.status !== 0 || typeof git.stdout !== 'string') return undefined;
  // git skips a folder it cannot open with only a warning: that folder may hold a project.
  const denied = /could not open directory '([^']*)'/.exec(git.stderr ?? '');
  if (denied) throw new InputError('cannot read folder (git: permission denied)', denied[1]!.replace(/\/$/, ''));
  return git.stdout.split('\0').filter(Boolean);
}
