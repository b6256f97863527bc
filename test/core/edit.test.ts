import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, insertAt, removeRange, replaceRange, type Edit } from '../../src/core/edit.js';
import { EditConflictError } from '../../src/core/errors.js';

describe('applyEdits', () => {
  it('applies edits in one sorted splice, whatever their order', () => {
    const text = 'a: 1\nb: 2\nc: 3\n';
    const edits = [replaceRange('f', 13, 14, '30'), insertAt('f', 0, '# top\n'), removeRange('f', 5, 10)];
    expect(applyEdits(text, edits)).toBe('# top\na: 1\nc: 30\n');
  });

  it('rejects overlapping edits, naming both transforms', () => {
    const a: Edit = { ...replaceRange('f', 0, 4, 'x'), transform: 'memory-limits' };
    const b: Edit = { ...replaceRange('f', 2, 6, 'y'), transform: 'torch-cpu' };
    expect(() => applyEdits('0123456789', [a, b])).toThrow(EditConflictError);
    expect(() => applyEdits('0123456789', [a, b])).toThrow(/memory-limits and torch-cpu/);
  });

  it('allows two inserts at one point from one transform, in order; not from two', () => {
    const a: Edit = { ...insertAt('f', 1, 'A'), transform: 't' };
    const b: Edit = { ...insertAt('f', 1, 'B'), transform: 't' };
    expect(applyEdits('xy', [a, b])).toBe('xABy');
    expect(() => applyEdits('xy', [a, { ...b, transform: 'u' }])).toThrow(EditConflictError);
  });

  it('property: non-overlapping edits change only their ranges', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.tuple(fc.nat(), fc.nat(5), fc.string({ maxLength: 5 })), { maxLength: 8 }), (text, raw) => {
        // Build non-overlapping ranges from sorted random starts.
        const edits: Edit[] = [];
        let floor = 0;
        for (const [s, len, t] of [...raw].sort((x, y) => x[0] - y[0])) {
          const start = Math.max(floor, s % (text.length + 1));
          const end = Math.min(text.length, start + len);
          if (start > text.length) break;
          edits.push(replaceRange('f', start, end, t));
          floor = end + 1;
        }
        const out = applyEdits(text, edits);
        // Rebuild by walking the untouched gaps: they must appear verbatim, in order.
        let pos = 0;
        let o = 0;
        for (const e of edits) {
          const gap = text.slice(pos, e.range[0]);
          expect(out.slice(o, o + gap.length)).toBe(gap);
          o += gap.length;
          expect(out.slice(o, o + e.text.length)).toBe(e.text);
          o += e.text.length;
          pos = e.range[1];
        }
        expect(out.slice(o)).toBe(text.slice(pos));
      }),
    );
  });
});
