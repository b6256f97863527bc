import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

/** `requirements*.txt` and `requirements/*.txt` of a build context, sorted: the guess when the Dockerfile says nothing usable. */
export function guessRequirementFiles(context: string): string[] {
  const top = listFiles(context).filter((n) => /^requirements.*\.txt$/i.test(n));
  const sub = listFiles(path.join(context, 'requirements')).filter((n) => n.toLowerCase().endsWith('.txt'));
  return [...top.sort().map((n) => path.join(context, n)), ...sub.sort().map((n) => path.join(context, 'requirements', n))];
}

/** Context paths (abs) a COPY source stands for: globs expanded against the directory, others as is. */
export function expandSource(context: string, rel: string): string[] {
  const base = path.posix.basename(rel);
  if (!/[*?[]/.test(base)) return [path.resolve(context, rel)];
  const dir = path.resolve(context, path.posix.dirname(rel));
  const match = picomatch(base, { dot: true });
  return readdirNames(dir).filter((n) => match(n)).sort().map((n) => path.join(dir, n));
}

/** 'file', 'dir' or undefined for a path that does not exist. */
export function statKind(abs: string): 'file' | 'dir' | undefined {
  try {
    // A missing path is the common answer (lock files, package.json of Python services): no exception built for it.
    const st = statSync(abs, { throwIfNoEntry: false });
    return st === undefined ? undefined : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

function listFiles(dir: string): string[] {
  return readdirNames(dir).filter((n) => statKind(path.join(dir, n)) === 'file');
}

function readdirNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
