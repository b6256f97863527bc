import fc from 'fast-check';
import { clauseArb, markerArb, reqLine } from './arbitraries.js';
import { describe, expect, test } from 'vitest';
import { applyEdits } from '../../src/core/edit.js';
import { LineIndex } from '../../src/core/position.js';
import { sourceFromText } from '../../src/core/source.js';
import {
  insertLineAfter,
  normalizeName,
  parseRequirements,
  printRequirements,
  removeLine,
  replaceSpecifier,
  setMarker,
  type RequirementsFile,
} from '../../src/requirements/index.js';

/** Structural invariants every parse must keep, whatever the input. */
function checkInvariants(text: string, file: RequirementsFile): void {
  expect(printRequirements(file)).toBe(text);
  const index = new LineIndex(text);
  let pos = 0;
  for (const l of file.lines) {
    expect(l.start).toBe(pos);
    expect(l.start <= l.end && l.end <= l.endWithEol).toBe(true);
    expect(index.position(l.start).line).toBe(l.line);
    const spans = [l.comment, l.requirement?.name, l.requirement?.specifier, l.requirement?.marker, l.requirement?.url, l.requirement?.extras];
    for (const o of l.options) spans.push(o.written, o.value);
    for (const s of spans) if (s) expect(l.start <= s.start && s.start <= s.end && s.end <= l.end).toBe(true);
    pos = l.endWithEol;
  }
  expect(pos).toBe(text.length);
  for (const e of file.errors) expect(e.offset >= 0 && e.offset <= text.length).toBe(true);
}

// Characters that matter to the parser, mixed with anything.
const nasty = fc.constantFrom('\n', '\r\n', '\r', '\\', '#', ' ', '\t', '-', '--', ';', '[', ']', '(', ')', '"', "'", '=', '==', '@', ',', 'a', '1', '.', '/', 'é', '\u2028');
const garbage = fc.array(fc.oneof(nasty, fc.string()), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parse → print is the identity', () => {
  test('for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), garbage), (text) => checkInvariants(text, parseRequirements(text))),
      { numRuns: 3000 },
    );
  });

  test('for generated requirement lines, with the parts read back from their ranges', () => {
    fc.assert(
      fc.property(fc.array(reqLine, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (lines, eol, finalEol) => {
        const text = lines.map((l) => l.text.replaceAll('\n', eol)).join(eol) + (finalEol ? eol : '');
        const file = parseRequirements(text);
        checkInvariants(text, file);
        const reqs = file.lines.filter((l) => l.kind !== 'comment' && l.kind !== 'blank');
        expect(reqs.map((l) => l.kind)).toEqual(lines.map(() => 'requirement'));
        reqs.forEach((l, i) => {
          const g = lines[i]!;
          const r = l.requirement!;
          const cut = (s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);
          expect(cut(r.name)).toBe(g.name);
          expect(r.name!.normalized).toBe(normalizeName(g.name));
          expect(cut(r.extras)).toBe(g.extras);
          expect(r.specifier!.text).toBe(g.spec);
          expect(cut(r.marker)).toBe(g.marker);
          expect(r.hashes).toEqual(g.hashes);
          expect(cut(l.comment)).toBe(g.comment);
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('an edit changes only its range', () => {
  const fileArb = fc.tuple(fc.array(reqLine, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([lines, eol, finalEol]) => lines.map((l) => l.text.replaceAll('\n', eol)).join(eol) + (finalEol ? eol : ''));
  const lineTexts = (text: string, file: RequirementsFile) => file.lines.map((l) => text.slice(l.start, l.end));

  test('replaceSpecifier / setMarker keep every other line and read back', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), clauseArb, markerArb, (text, pick, spec, marker) => {
        const file = parseRequirements(text);
        const reqs = file.lines.filter((l) => l.kind === 'requirement');
        const target = reqs[pick % reqs.length]!;
        const idx = file.lines.indexOf(target);
        const src = sourceFromText('r.txt', text, '/repo');
        for (const [edit, check] of [
          [replaceSpecifier(src, target, spec), (o: RequirementsFile) => expect(o.lines[idx]!.requirement!.specifier!.text).toBe(spec)],
          [setMarker(src, target, marker), (o: RequirementsFile) => expect(o.lines[idx]!.requirement!.marker!.text).toBe(marker)],
        ] as const) {
          const out = applyEdits(text, [edit]);
          expect(out.slice(0, edit.range[0])).toBe(text.slice(0, edit.range[0]));
          expect(out.slice(out.length - (text.length - edit.range[1]))).toBe(text.slice(edit.range[1]));
          const parsed = parseRequirements(out);
          expect(parsed.errors).toEqual([]);
          const before = lineTexts(text, file);
          const after = lineTexts(out, parsed);
          expect(after.filter((_, i) => i !== idx)).toEqual(before.filter((_, i) => i !== idx));
          check(parsed);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('removeLine and insertLineAfter change exactly one logical line and keep the final-newline state', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), (text, pick) => {
        const file = parseRequirements(text);
        const target = file.lines[pick % file.lines.length]!;
        const idx = file.lines.indexOf(target);
        const src = sourceFromText('r.txt', text, '/repo');
        const before = lineTexts(text, file);
        const endsWithEol = /\n$/.test(text);

        const removed = applyEdits(text, [removeLine(src, file, target)]);
        expect(lineTexts(removed, parseRequirements(removed))).toEqual(before.filter((_, i) => i !== idx));
        if (removed !== '') expect(/\n$/.test(removed)).toBe(endsWithEol);

        const added = applyEdits(text, [insertLineAfter(src, file, target, 'added==1')]);
        const expected = [...before];
        expected.splice(idx + 1, 0, 'added==1');
        expect(lineTexts(added, parseRequirements(added))).toEqual(expected);
        expect(/\n$/.test(added)).toBe(endsWithEol);
      }),
      { numRuns: 500 },
    );
  });
});
