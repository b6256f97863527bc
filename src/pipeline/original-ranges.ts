import type { Edit } from '../core/edit.js';

/** An edit as a pass made it: its range is on the text that pass read (pass 1: the original text). */
export interface PassEdit extends Edit {
  pass: number;
}

/**
 * An edit as a run reports it. `rangeOf: 'original'`: the range is on the file's original text, and all such
 * edits of a file apply to it in one splice sorted by range (ties in list order). `pass-N-output`: the edit
 * changes text an earlier pass wrote (or an insert point that pass made ambiguous), so its range is on the text
 * after pass N, the text its own pass (N + 1) read.
 */
export interface RunEdit extends Edit {
  pass: number;
  rangeOf: 'original' | `pass-${number}-output`;
}

/** One applied edit of a pass: the range it replaced and the range its text took in the pass's output. */
interface Written {
  start: number;
  end: number;
  outStart: number;
  outEnd: number;
}

/** Where one pass's edits (sorted, non-overlapping, as they were applied) put their texts in its output. */
function writtenBy(edits: readonly Edit[]): Written[] {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.range[0] - b.e.range[0] || a.e.range[1] - b.e.range[1] || a.i - b.i)
    .map((x) => x.e);
  let shift = 0;
  return sorted.map((e) => {
    const w = { start: e.range[0], end: e.range[1], outStart: e.range[0] + shift, outEnd: e.range[0] + shift + e.text.length };
    shift += e.text.length - (e.range[1] - e.range[0]);
    return w;
  });
}

/**
 * An offset of a pass's output on the text that pass read. At the edge of written text the offset may stand
 * for several places (a removal point: both ends of the removed text); a range's start takes the last, its
 * end the first, so the range never takes in text the pass replaced.
 */
function back(written: readonly Written[], x: number, side: 'start' | 'end'): number {
  const at: number[] = [];
  let base = 0;
  let outBase = 0;
  for (const w of written) {
    if (w.outStart > x) break;
    if (x === w.outStart) at.push(w.start);
    if (x === w.outEnd) at.push(w.end);
    if (w.outEnd <= x) [base, outBase] = [w.end, w.outEnd];
  }
  if (!at.length) return base + (x - outBase);
  return side === 'start' ? Math.max(...at) : Math.min(...at);
}

/**
 * A range of a pass's output on the text the pass read, or undefined when it cannot be said there: it overlaps
 * (or spans the removal point of) text the pass wrote, or it is an insert at the start of text the pass
 * inserted (in one sorted splice it would land after that text instead of before it).
 */
function rangeBack(written: readonly Written[], [s, e]: readonly [number, number]): [number, number] | undefined {
  for (const w of written) {
    if (s < w.outEnd && w.outStart < e) return undefined;
    if (s === e && s === w.outStart && w.start === w.end && w.outEnd > w.outStart) return undefined;
  }
  const start = back(written, s, 'start');
  return [start, s === e ? start : back(written, e, 'end')];
}

/**
 * Report every edit of a multi-pass run on the file's ORIGINAL text where it can be (its range composed back
 * through the earlier passes' edits of that file), else on the text after the previous pass, saying so.
 */
export function originalRanges(edits: readonly PassEdit[]): RunEdit[] {
  // Per file, per pass: what that pass wrote, in its own coordinates.
  const written = new Map<string, Map<number, Written[]>>();
  const byFilePass = new Map<string, Map<number, Edit[]>>();
  for (const e of edits) {
    const passes = byFilePass.get(e.file) ?? new Map<number, Edit[]>();
    byFilePass.set(e.file, passes);
    passes.set(e.pass, [...(passes.get(e.pass) ?? []), e]);
  }
  for (const [file, passes] of byFilePass) written.set(file, new Map([...passes].map(([p, list]) => [p, writtenBy(list)])));
  return edits.map(({ pass, ...e }) => {
    let range: [number, number] | undefined = e.range;
    const mine = written.get(e.file)!;
    for (let p = pass - 1; p >= 1 && range; p--) {
      const w = mine.get(p);
      if (w) range = rangeBack(w, range);
    }
    return range ? { ...e, range, pass, rangeOf: 'original' as const } : { ...e, pass, rangeOf: `pass-${pass - 1}-output` as const };
  });
}
