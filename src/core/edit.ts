import { EditConflictError } from './errors.js';

/** A text edit on the original source of one file (ESLint's fixer model). */
export interface Edit {
  /** Absolute path of the file. */
  file: string;
  /** [start, end) offsets into SourceFile.text. */
  range: [number, number];
  text: string;
  /** Name of the transform that made it (filled in by the pipeline). */
  transform?: string;
}

/** Replace [start, end) with text. */
export function replaceRange(file: string, start: number, end: number, text: string): Edit {
  return { file, range: [start, end], text };
}

/** Insert text at an offset. */
export function insertAt(file: string, offset: number, text: string): Edit {
  return { file, range: [offset, offset], text };
}

/** Remove [start, end). */
export function removeRange(file: string, start: number, end: number): Edit {
  return { file, range: [start, end], text: '' };
}

const byRange = (edits: readonly Edit[]): Edit[] =>
  edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.range[0] - b.e.range[0] || a.e.range[1] - b.e.range[1] || a.i - b.i)
    .map((x) => x.e);

const isInsert = (e: Edit): boolean => e.range[0] === e.range[1];

/**
 * Sort edits and check that none overlap. Two inserts at the same offset are allowed when they come
 * from the same transform (kept in their given order); anything else touching the same text is an
 * EditConflictError carrying both edits.
 */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  const sorted = byRange(edits);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    const overlap = cur.range[0] < prev.range[1];
    const sameInsertPoint = cur.range[0] === prev.range[0] && isInsert(cur) && isInsert(prev);
    if (overlap || (sameInsertPoint && prev.transform !== cur.transform)) {
      throw new EditConflictError(`edits overlap (transforms ${prev.transform ?? '?'} and ${cur.transform ?? '?'})`, [prev, cur]);
    }
  }
  return sorted;
}

/** Two edits of different transforms that touch the same text; `first` starts first. */
export interface EditConflict {
  first: Edit;
  second: Edit;
}

/**
 * Overlapping pairs of edits from different transforms, in one sorted sweep over one file's edits
 * (O(n log n) for n edits and a handful of transforms). Each edit is paired with the furthest-reaching
 * earlier edit of every other transform.
 */
export function crossConflicts(edits: readonly Edit[]): EditConflict[] {
  const out: EditConflict[] = [];
  const reach = new Map<string | undefined, Edit>();
  const lastInsert = new Map<string | undefined, Edit>();
  for (const e of byRange(edits)) {
    for (const [t, far] of reach) {
      if (t === e.transform) continue;
      const ins = lastInsert.get(t);
      if (e.range[0] < far.range[1]) out.push({ first: far, second: e });
      else if (ins && isInsert(e) && ins.range[0] === e.range[0]) out.push({ first: ins, second: e });
    }
    const far = reach.get(e.transform);
    if (!far || e.range[1] > far.range[1]) reach.set(e.transform, e);
    if (isInsert(e)) lastInsert.set(e.transform, e);
  }
  return out;
}

/** An edit that deletes text and writes none. */
export function isRemoval(e: Edit): boolean {
  return e.text === '' && e.range[1] > e.range[0];
}

/** Apply edits of one file in one sorted splice. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.range[0]) + e.text;
    pos = e.range[1];
  }
  return out + text.slice(pos);
}
