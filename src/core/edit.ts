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

/**
 * Sort edits and check that none overlap. Two inserts at the same offset are allowed when they come
 * from the same transform (kept in their given order); anything else touching the same text is an error
 * naming both transforms.
 */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.range[0] - b.e.range[0] || a.e.range[1] - b.e.range[1] || a.i - b.i)
    .map((x) => x.e);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    const overlap = cur.range[0] < prev.range[1];
    const sameInsertPoint = cur.range[0] === prev.range[0] && cur.range[1] === cur.range[0] && prev.range[1] === prev.range[0];
    if (overlap || (sameInsertPoint && prev.transform !== cur.transform)) {
      throw new EditConflictError(
        `${prev.file}: edits overlap at [${prev.range.join(',')}) and [${cur.range.join(',')}) ` +
          `(transforms ${prev.transform ?? '?'} and ${cur.transform ?? '?'})`,
      );
    }
  }
  return sorted;
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
