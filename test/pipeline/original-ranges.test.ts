import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { originalRanges, type PassEdit, type RunEdit } from '../../src/pipeline/original-ranges.js';

const F = '/r/f.txt';

/** One splice, sorted by range with ties in list order: how a consumer applies the reported edits. */
function splice(text: string, edits: readonly { range: readonly [number, number]; text: string }[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range[0] - b.e.range[0] || a.e.range[1] - b.e.range[1] || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    expect(e.range[0]).toBeGreaterThanOrEqual(pos);
    out += text.slice(pos, e.range[0]) + e.text;
    pos = e.range[1];
  }
  return out + text.slice(pos);
}

const edit = (pass: number, start: number, end: number, text: string): PassEdit => ({ file: F, range: [start, end], text, transform: 't', pass });

describe('originalRanges: edits of later passes are reported on the original text', () => {
  it('an edit of pass 2 after a growing edit of pass 1 is shifted back; one before it stays', () => {
    const original = 'a: 1\nb: 2\nc: 3\n';
    const p1 = [edit(1, 3, 4, '100')]; // a: 100
    const after1 = splice(original, p1);
    const p2 = [edit(2, after1.indexOf('3'), after1.indexOf('3') + 1, '30'), edit(2, 0, 0, '# top\n')];
    const out = originalRanges([...p1, ...p2]);
    expect(out.map((e) => [e.range, e.rangeOf, e.pass])).toEqual([[[3, 4], 'original', 1], [[13, 14], 'original', 2], [[0, 0], 'original', 2]]);
    expect(splice(original, out)).toBe(splice(after1, p2));
  });

  it('an edit inside text pass 1 wrote is on pass 1\'s output, and says so', () => {
    const original = 'x: 1\n';
    const p1 = [edit(1, 5, 5, 'y:\n  z: 2\n')];
    const after1 = splice(original, p1);
    const p2 = [edit(2, after1.indexOf('2'), after1.indexOf('2') + 1, '3')];
    const [, second] = originalRanges([...p1, ...p2]);
    expect(second).toEqual({ file: F, range: [after1.indexOf('2'), after1.indexOf('2') + 1], text: '3', transform: 't', pass: 2, rangeOf: 'pass-1-output' });
  });

  it('through three passes: pass 3 composes back through 2 and 1; inside pass 2\'s text it is on pass 2\'s output', () => {
    const original = 'abcdef';
    const p1 = [edit(1, 1, 2, 'BB')]; // aBBcdef
    const t1 = splice(original, p1);
    const p2 = [edit(2, 4, 5, '')]; // aBBcef (d removed)
    const t2 = splice(t1, p2);
    const p3 = [edit(3, 5, 6, 'F'), edit(3, 0, 1, 'A')]; // f → F, a → A
    const out = originalRanges([...p1, ...p2, ...p3]);
    expect(out.map((e) => [e.range, e.rangeOf])).toEqual([[[1, 2], 'original'], [[3, 4], 'original'], [[5, 6], 'original'], [[0, 1], 'original']]);
    expect(splice(original, out)).toBe(splice(t2, p3));
    const inside = originalRanges([...p1, ...p2, edit(3, 2, 3, 'b')]);
    expect(inside.at(-1)).toMatchObject({ range: [2, 3], rangeOf: 'pass-2-output', pass: 3 });
  });

  it('a range across the point where pass 1 removed text, and an insert at the start of text pass 1 inserted, are not on the original', () => {
    const p1 = [edit(1, 2, 4, ''), edit(1, 6, 6, 'XY')]; // ab|cd|ef → abef, then XY inserted after ef
    const out = originalRanges([...p1, edit(2, 1, 3, 'Q'), edit(2, 4, 4, '<'), edit(2, 6, 6, '>')]);
    expect(out.slice(2).map((e) => e.rangeOf)).toEqual(['pass-1-output', 'pass-1-output', 'original']);
    expect(out.at(-1)!.range).toEqual([6, 6]);
  });

  it('property: when every edit is on the original, one sorted splice of them gives the final text; an edit clear of earlier passes\' text always is', () => {
    const passEdits = (len: number) =>
      fc.array(fc.tuple(fc.nat(len), fc.nat(3), fc.constantFrom('', 'x', 'yz', 'ABC')), { maxLength: 4 }).map((raw) => {
        // Non-overlapping edits on a text of this length (an edit that would overlap one taken is dropped).
        const taken: [number, number, string][] = [];
        for (const [at, width, text] of raw) {
          const end = Math.min(len, at + width);
          if (at === end && text === '') continue;
          if (taken.some(([s, e]) => (at < e && s < end) || (at === s && at === end && s === e))) continue;
          taken.push([at, end, text]);
        }
        return taken;
      });
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 3 }), (original, seeds) => {
        let text = original;
        const all: PassEdit[] = [];
        const writtenSpans: [number, number][][] = [];
        seeds.forEach((seed, i) => {
          const pass = i + 1;
          const list = fc.sample(passEdits(text.length), { seed, numRuns: 1 })[0]!.map(([s, e, t]) => edit(pass, s, e, t));
          all.push(...list);
          // Where this pass's texts land in its output (for the clear-of check of the next pass).
          let shift = 0;
          const spans: [number, number][] = [];
          for (const e of [...list].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])) {
            spans.push([e.range[0] + shift, e.range[0] + shift + e.text.length]);
            shift += e.text.length - (e.range[1] - e.range[0]);
          }
          writtenSpans.push(spans);
          text = splice(text, list);
        });
        const out: RunEdit[] = originalRanges(all);
        if (out.every((e) => e.rangeOf === 'original')) expect(splice(original, out)).toBe(text);
        // Two passes: a pass-2 edit at least one character away from everything pass 1 wrote maps back.
        if (seeds.length === 2) {
          for (const e of out.filter((x) => x.pass === 2)) {
            const raw = all[out.indexOf(e)]!.range;
            const clear = writtenSpans[0]!.every(([s, t]) => raw[1] < s || raw[0] > t);
            if (clear) expect(e.rangeOf).toBe('original');
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
