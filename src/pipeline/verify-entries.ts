import type { Expectation } from '../core/finding.js';
import { normalizeName, type LogicalLine, type RequirementsFile } from '../requirements/index.js';
import { dotted, show } from './data-path.js';
import { valueDiffs } from './yaml-diff.js';

/** A difference no declared change accounts for; `offset` is in the old text, or in the new text when `inNew`. */
export interface EntryProblem {
  what: string;
  offset: number;
  inNew: boolean;
  more: number;
}

interface Entry {
  key: string;
  /** A requirement's normalised project name; an option line's option and value. */
  name?: string;
  option?: { name: string; value: string };
  text: string;
  offset: number;
}

/** What pip reads from a file: each requirement (name, specifier, extras, marker, URL, its own options) and each option. */
function entriesOf(file: RequirementsFile): Entry[] {
  const out: Entry[] = [];
  const squeeze = (s: string): string => s.replace(/\s+/g, '');
  for (const l of file.lines) {
    if (l.kind === 'requirement' && l.requirement) {
      const r = l.requirement;
      const own = l.options.map((o) => `${o.name}=${o.value?.text ?? ''}`).sort().join(' ');
      const text = file.text.slice(r.start, r.end);
      out.push({ key: `R\u0000${r.editable ? '-e ' : ''}${squeeze(text)}\u0000${own}`, name: r.name?.normalized, text: lineText(file, l), offset: l.start });
    } else if (l.kind === 'option') {
      for (const o of l.options) {
        const value = o.value?.text ?? '';
        out.push({ key: `O\u0000${o.name}\u0000${value}`, option: { name: o.name, value }, text: `${o.name}${value ? ` ${value}` : ''}`, offset: o.written.start });
      }
    }
  }
  return out;
}

const lineText = (file: RequirementsFile, l: LogicalLine): string => file.text.slice(l.start, l.end).trim();

/** Entries of `a` that `b` has fewer of (a multiset difference, so a duplicated line removed once counts). */
function minus(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  const left = new Map<string, number>();
  for (const e of b) left.set(e.key, (left.get(e.key) ?? 0) + 1);
  return a.filter((e) => {
    const n = left.get(e.key) ?? 0;
    if (n > 0) left.set(e.key, n - 1);
    return n === 0;
  });
}

/**
 * The structural check of a changed requirements file: the requirements and options pip reads may differ only
 * where a declared expectation names them — a requirement (added, removed or rewritten) whose project has a
 * `requirement` expectation in this file, an option line added or removed that an `option` expectation names
 * (option and value, present or not). Comments, blank lines and spacing are free. Returns the first other
 * difference. Both parses are verify's (the old one is the run's shared parse).
 */
export function undeclaredRequirements(before: RequirementsFile, after: RequirementsFile, expects: readonly Expectation[]): EntryProblem | undefined {
  const names = new Set(expects.flatMap((e) => (e.kind === 'requirement' ? [normalizeName(e.name)] : [])));
  const options = new Set(expects.flatMap((e) => (e.kind === 'option' ? [`${e.present}\u0000${e.option}\u0000${e.value}`] : [])));
  const old = entriesOf(before);
  const now = entriesOf(after);
  const covered = (e: Entry, present: boolean): boolean =>
    e.name !== undefined ? names.has(e.name) : e.option !== undefined && options.has(`${present}\u0000${e.option.name}\u0000${e.option.value}`);
  const gone = minus(old, now).filter((e) => !covered(e, false));
  const added = minus(now, old).filter((e) => !covered(e, true));
  const first = gone[0] ?? added[0];
  if (!first) return undefined;
  const inNew = !gone.length;
  return { what: `${first.text} is ${inNew ? 'added' : 'removed'}`, offset: first.offset, inNew, more: gone.length + added.length - 1 };
}

const DEPENDENCY_MAPS = new Set(['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']);

/**
 * The structural check of a changed package.json: the parsed JSON may differ only by dependency entries
 * (`dependencies`, `devDependencies`, `optionalDependencies`, `peerDependencies`) removed under names a
 * declared `requirement-removed` change of this file names. Returns the first other difference, placed at
 * its key in the old text (or the new, for an addition), or undefined. `after` is verify's own parse of the new
 * text; a file that did not parse before is left to the JSON check.
 */
export function undeclaredManifest(beforeText: string, after: { text: string; value: unknown }, removable: ReadonlySet<string>): EntryProblem | undefined {
  let before: unknown;
  try {
    before = JSON.parse(beforeText);
  } catch {
    return undefined;
  }
  const afterText = after.text;
  const open = valueDiffs(before, after.value).filter((d) => !(d.kind === 'removed' && d.path.length === 2 && DEPENDENCY_MAPS.has(String(d.path[0])) && removable.has(String(d.path[1]))));
  const first = open[0];
  if (!first) return undefined;
  const inNew = first.kind === 'added';
  const what = first.kind === 'changed' ? `${dotted(first.path)} changes from ${show(first.before)} to ${show(first.after)}` : `${dotted(first.path)} is ${first.kind} (${show(first.kind === 'added' ? first.after : first.before)})`;
  return { what, offset: keyOffset(inNew ? afterText : beforeText, first.path), inNew, more: open.length - 1 };
}

/** The offset of a key path's last key in JSON text, found key by key (good enough to point at a line). */
function keyOffset(text: string, path: readonly (string | number)[]): number {
  let at = 0;
  for (const k of path) {
    if (typeof k === 'number') continue;
    const i = text.indexOf(JSON.stringify(k), at);
    if (i < 0) break;
    at = i;
  }
  return at;
}
