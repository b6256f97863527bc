import { crossConflicts, isRemoval, type EditConflict } from '../core/edit.js';
import { EditConflictError, InputError, VerifyError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { SourceFile } from '../core/source.js';
import type { Facts } from '../facts/types.js';
import type { Project } from '../project/model.js';
import type { Policy, Transform } from '../transform/types.js';
import { applyFileEdits, conflictAt, editsByFile, placeOf, type FileChange } from './apply-edits.js';
import { deriveLocks } from './derive-locks.js';
import { originalRanges, type PassEdit, type RunEdit } from './original-ranges.js';
import { runTransforms, type RunResult } from './run-transforms.js';
import { DeclaredIndex, settleExpectations, type ReadBack } from './value-conflicts.js';

/** A bound on re-runs, as ESLint bounds its fix passes: each pass applies at least one transform. */
export const MAX_PASSES = 10;

/** What the passes of a run produced: every accepted edit, change and finding, and the new texts. */
export interface PassesResult extends RunResult {
  /** Every accepted edit, its range on the file's original text where it can be (`rangeOf`; see originalRanges). */
  edits: RunEdit[];
  files: FileChange[];
  passes: number;
  /** Expectations a later declaration superseded or replaced, for verify (see settleExpectations). */
  readBack: ReadBack;
}

/** Everything a pass needs besides the project: facts, transforms and policies stay the same. */
export interface PassInput {
  facts: Facts;
  transforms: readonly Transform[];
  policies: readonly Policy[] | undefined;
  services?: readonly string[];
  /** Load the project again with some files' texts replaced (in memory; nothing is read twice). */
  reload: (files: Map<string, SourceFile>) => Project;
  maxPasses?: number;
}

/** Which of two conflicting transforms keeps its edits: a removal beats a rewrite, else the earlier one. */
function winner(c: EditConflict, order: Map<string, number>): string {
  const a = c.first.transform!;
  const b = c.second.transform!;
  const ra = isRemoval(c.first) && !isRemoval(c.second);
  const rb = isRemoval(c.second) && !isRemoval(c.first);
  if (ra !== rb) return ra ? a : b;
  return order.get(a)! <= order.get(b)! ? a : b;
}

/**
 * Run the transforms, ESLint-style, in bounded passes: when edits of two transforms overlap, the
 * winner's edits are applied and the loser is deferred, then re-run on the texts after the pass (the
 * project re-loaded in memory), so it sees the winner's result. Each deferral becomes an info finding
 * saying what waited for what. A conflict left after MAX_PASSES is an EditConflictError at `file:line`.
 * Each pass's accepted edits go through the derive stage (deriveLocks) before they are applied. Each pass's
 * expectations are settled against the earlier ones (settleExpectations): a later write of the same value
 * supersedes an earlier read-back, a different value is a `value-conflict` error finding naming both.
 */
export function runPasses(project: Project, input: PassInput): PassesResult {
  const order = new Map(input.transforms.map((t, i) => [t.meta.name, i]));
  const originals = new Map(project.files);
  const texts = new Map<string, string>();
  const out: PassesResult = { edits: [], changes: [], findings: [], files: [], passes: 0, readBack: new Map() };
  // Every expectation accepted so far: a later one of the same value supersedes it, or conflicts with it.
  const declared = new DeclaredIndex();
  let pending = [...input.transforms];
  const made: PassEdit[] = [];
  let current = project;
  const max = input.maxPasses ?? MAX_PASSES;
  for (let pass = 1; pending.length; pass++) {
    if (pass > 1) {
      const files = new Map<string, SourceFile>();
      for (const [abs, src] of originals) {
        const text = texts.get(abs);
        files.set(abs, text === undefined ? src : { ...src, text });
      }
      current = reloadChecked(input, files, texts, made, pass - 1);
      for (const [abs, src] of current.files) if (!originals.has(abs)) originals.set(abs, src);
    }
    out.passes = pass;
    const r = runTransforms(current, input.facts, pending, input.policies, input.services);
    const byFile = editsByFile(r.edits);
    const conflicts: EditConflict[] = [];
    for (const list of byFile.values()) if (new Set(list.map((e) => e.transform)).size > 1) conflicts.push(...crossConflicts(list));
    const deferred = decide(pending.map((t) => t.meta.name), conflicts, order);
    if (deferred.size && pass >= max) {
      const c = conflicts.find((x) => deferred.has(x.first.transform!) || deferred.has(x.second.transform!))!;
      throw conflictAt(current.files.get(c.first.file)!, new EditConflictError('conflict', [c.first, c.second]));
    }
    const kept = { edits: r.edits.filter((e) => !deferred.has(e.transform!)), changes: r.changes.filter((c) => !deferred.has(c.transform)), findings: r.findings.filter((f) => !deferred.has(f.transform)) };
    // The derive stage: lock files follow the accepted removals (or the removals are dropped), before any text moves.
    const accepted = deriveLocks(current, kept, r.requests.filter((q) => !deferred.has(q.transform)));
    // A file first read by the load or derive stage (a lock) is original text too.
    for (const [abs, src] of current.files) if (!originals.has(abs)) originals.set(abs, src);
    for (const [file, mine] of editsByFile(accepted.edits)) {
      const src = current.files.get(file);
      if (!src) throw new Error(`edit of a file that was not read: ${file}`);
      texts.set(file, applyFileEdits(src, src.text, mine));
      made.push(...mine.map((e) => ({ ...e, pass })));
    }
    out.changes.push(...accepted.changes);
    out.findings.push(...accepted.findings);
    out.findings.push(...settleExpectations(declared, accepted.changes.flatMap((c) => c.expect.map((e) => ({ e, c, pass }))), out.readBack));
    for (const [name, c] of deferred) out.findings.push(deferralFinding(name, c, current, pass));
    pending = pending.filter((t) => deferred.has(t.meta.name));
  }
  // Later passes edit the text earlier passes left: their ranges are reported on the original text where they can be.
  out.edits = originalRanges(made);
  for (const [abs, after] of texts) {
    const source = originals.get(abs)!;
    if (after !== source.text) out.files.push({ source, after });
  }
  out.files.sort((a, b) => a.source.path.localeCompare(b.source.path));
  return out;
}

/**
 * Load the project again on the texts the passes so far wrote. A text that no longer parses is the edits' fault,
 * not the user's: a VerifyError naming the pass and the transforms that edited the file (never an InputError
 * pointing at a line the user's file does not have); nothing is written.
 */
function reloadChecked(input: PassInput, files: Map<string, SourceFile>, texts: ReadonlyMap<string, string>, made: readonly PassEdit[], pass: number): Project {
  try {
    return input.reload(files);
  } catch (err) {
    const broken = err instanceof InputError ? [...texts.keys()].find((abs) => files.get(abs)?.rel === err.file) : undefined;
    if (!broken) throw err;
    const by = [...new Set(made.filter((e) => e.file === broken).map((e) => e.transform))].join(', ');
    throw new VerifyError(`${(err as InputError).file}: the text after pass ${pass} (edits of ${by}) does not parse: ${(err as InputError).format()}\n(a bug in a transform's edits; nothing was written)`);
  }
}

/**
 * The transforms to defer, each with the conflict that deferred it. Greedy in transform order: the
 * first transform that no undecided rival beats is kept, and every rival it overlaps is deferred.
 */
function decide(names: readonly string[], conflicts: readonly EditConflict[], order: Map<string, number>): Map<string, EditConflict> {
  const deferred = new Map<string, EditConflict>();
  if (!conflicts.length) return deferred;
  const undecided = new Set(names);
  const rivals = (t: string) => conflicts.filter((c) => c.first.transform === t || c.second.transform === t);
  const other = (c: EditConflict, t: string) => (c.first.transform === t ? c.second.transform! : c.first.transform!);
  while (undecided.size) {
    const list = [...undecided];
    const keep = list.find((t) => rivals(t).every((c) => !undecided.has(other(c, t)) || winner(c, order) === t)) ?? list[0]!;
    undecided.delete(keep);
    for (const c of rivals(keep)) {
      const loser = other(c, keep);
      if (undecided.delete(loser)) deferred.set(loser, c);
    }
  }
  return deferred;
}

function deferralFinding(name: string, c: EditConflict, project: Project, pass: number): Finding {
  const mine = c.first.transform === name ? c.first : c.second;
  const theirs = mine === c.first ? c.second : c.first;
  const src = project.files.get(mine.file)!;
  const [file, line] = placeOf(src, mine.range[0]).split(/:(?=\d+$)/);
  const how = isRemoval(theirs) ? 'removes' : 'changes';
  return {
    transform: name,
    level: 'info',
    code: 'deferred',
    message: `${name}'s edit at ${file}:${line} was deferred: ${theirs.transform} ${how} the same text, so ${theirs.transform} went first and ${name} ran again on the result (pass ${pass + 1})`,
    file,
    line: Number(line),
  };
}
