import { accessSync, constants, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';

// apply's own output files (`--report FILE`, `--pr-body FILE`) are written after the project's files. Unchecked,
// `--report compose.yaml` overwrote the compose file just written with the report, and `--report /no/such/dir/r.md`
// was an internal error (exit 2, stack trace) with the compose files already written. Both are checked before
// anything is written; a write that still fails says the project's files are written.

const OUTPUTS = [
  ['--report', 'report'],
  ['--pr-body', 'prBody'],
] as const;

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    // Not there yet: its folder's real path and its name.
    try {
      return path.join(realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return p;
    }
  }
}

/**
 * Refuse, before anything is written, an output file that cannot be written or that the run reads: its folder
 * missing or not writable, a folder or non-regular file in its place, a project file (compose, config, stats,
 * env, requirements, Dockerfile…), or both options naming one file.
 */
export function checkOutputFiles(o: Record<string, unknown>, cwd: string, read: Iterable<string>): void {
  const reads = new Set([...read].map(real));
  const seen = new Map<string, string>();
  for (const [flag, key] of OUTPUTS) {
    const p = o[key];
    if (typeof p !== 'string') continue;
    if (p === '') throw new UsageError(`${flag} '': an empty path`);
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      // It will be created: its folder must exist and take new files.
    }
    if (st && st.isDirectory()) throw new UsageError(`${flag} ${p}: is a folder; name a file to write. Nothing was written`);
    if (st && !st.isFile()) throw new UsageError(`${flag} ${p}: is not a regular file. Nothing was written`);
    const dir = path.dirname(abs);
    let dirSt;
    try {
      dirSt = statSync(dir);
    } catch {
      throw new UsageError(`${flag} ${p}: its folder ${dir} does not exist. Nothing was written`);
    }
    if (!dirSt.isDirectory()) throw new UsageError(`${flag} ${p}: ${dir} is not a folder. Nothing was written`);
    try {
      accessSync(st ? abs : dir, constants.W_OK);
    } catch (err) {
      throw new UsageError(`${flag} ${p}: ${st ? 'the file' : `its folder ${dir}`} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'}). Nothing was written`);
    }
    const r = real(abs);
    if (reads.has(r)) throw new UsageError(`${flag} ${p}: is a file this run reads; writing the ${key === 'report' ? 'report' : 'description'} there would overwrite it. Name another file. Nothing was written`);
    const other = seen.get(r);
    if (other) throw new UsageError(`${flag} ${p}: is the file ${other} also names; name two files. Nothing was written`);
    seen.set(r, flag);
  }
}

/** The output files the options name, as absolute paths. */
export function outputFiles(o: Record<string, unknown>, cwd: string): string[] {
  return OUTPUTS.map(([, key]) => o[key]).filter((p): p is string => typeof p === 'string' && p !== '').map((p) => path.resolve(cwd, p));
}

/** Write an output file; a failure (after the checks above) is a usage error saying what is already written. */
export function writeOutputFile(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(`${flag} ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)}); the project's files are written`);
  }
}
