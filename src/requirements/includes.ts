import path from 'node:path';
import { InputError } from '../core/errors.js';
import { isConfined, isInside, relPath, type SourceFile } from '../core/source.js';
import type { LogicalLine, OptionEntry, RequirementsFile } from './model.js';
import { parsedRequirements } from './parsed.js';

/** A requirements file reached from the entry, and the `-r`/`-c` line that brought it in. */
export interface CollectedRequirementFile {
  /** Absolute path. */
  path: string;
  parsed: RequirementsFile;
  source: SourceFile;
  includedFrom?: { path: string; line: number; kind: 'requirement' | 'constraint' };
}

/** Everything `pip install -r entry` would read, in depth-first order (entry first), and the problems. */
export interface CollectedRequirements {
  files: CollectedRequirementFile[];
  errors: InputError[];
}

const isRemote = (target: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(target);

/**
 * Follow `-r`/`--requirement` and `-c`/`--constraint` from `entry` (paths relative to the including file's
 * folder, as pip does). Each file is read once. Cycles, remote includes, includes outside `root` and
 * unreadable includes are InputErrors at the include line; outside-root files (as written or through a
 * symlink) are never read unless `allowOutsideRoot`. `read` may throw (an InputError or any error);
 * parse errors stay in each file's `parsed.errors`.
 */
export function collectRequirementFiles(entry: string, root: string, read: (abs: string) => SourceFile, allowOutsideRoot = false): CollectedRequirements {
  const files: CollectedRequirementFile[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();

  const visit = (abs: string, from: CollectedRequirementFile['includedFrom'], stack: string[], at?: () => InputError): void => {
    let source: SourceFile;
    try {
      source = read(abs);
    } catch (err) {
      const why = err instanceof InputError ? err.message : String((err as Error).message ?? err);
      errors.push(at ? withMessage(at(), why) : err instanceof InputError ? err : new InputError(why, abs));
      return;
    }
    seen.add(abs);
    const parsed = parsedRequirements(source);
    files.push({ path: abs, parsed, source, ...(from ? { includedFrom: from } : {}) });
    for (const line of parsed.lines) {
      if (line.kind !== 'option') continue;
      for (const opt of line.options) {
        if ((opt.name !== '--requirement' && opt.name !== '--constraint') || !opt.value) continue;
        follow(source, line, opt, [...stack, abs]);
      }
    }
  };

  const follow = (source: SourceFile, line: LogicalLine, opt: OptionEntry, stack: string[]): void => {
    const target = opt.value!.text;
    const here = (message: string) => (): InputError =>
      InputError.at(source.rel, source.text, opt.value!.start, message);
    if (isRemote(target)) {
      errors.push(here(`cannot follow remote ${opt.name} '${target}'`)());
      return;
    }
    const abs = path.resolve(path.dirname(source.path), target);
    if (!allowOutsideRoot && !isConfined(root, abs)) {
      errors.push(here(`${opt.name} '${target}' resolves outside the root (${relPath(root, abs)}); use --allow-outside-root to follow it`)());
      return;
    }
    if (stack.includes(abs)) {
      const chain = [...stack.slice(stack.indexOf(abs)), abs].map((p) => path.relative(root, p) || '.').join(' -> ');
      errors.push(here(`include cycle: ${chain}`)());
      return;
    }
    if (seen.has(abs)) return;
    const kind = opt.name === '--constraint' ? 'constraint' : 'requirement';
    visit(abs, { path: source.path, line: line.line, kind }, stack, here(`cannot read ${opt.name} '${target}'`));
  };

  const entryAbs = path.resolve(entry);
  if (!allowOutsideRoot && !isInside(root, entryAbs)) {
    errors.push(new InputError(`requirements file is outside the root (${relPath(root, entryAbs)})`, relPath(root, entryAbs)));
    return { files, errors };
  }
  visit(entryAbs, undefined, []);
  return { files, errors };
}

/** The same place with the reason of the failed read appended. */
function withMessage(e: InputError, why: string): InputError {
  return new InputError(`${e.message}: ${why}`, e.file, e.line, e.col, e.sourceLine);
}
