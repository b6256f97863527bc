import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut, foldList, terminalWidth, wrap } from '../../src/render/fit.js';

describe('fit', () => {
  it('terminalWidth: the stream\'s columns, else COLUMNS, else 80', () => {
    expect(terminalWidth({ columns: 132 }, { COLUMNS: '50' })).toBe(132);
    expect(terminalWidth({}, { COLUMNS: '50' })).toBe(50);
    expect(terminalWidth({}, { COLUMNS: 'wide' })).toBe(80);
    expect(terminalWidth({}, {})).toBe(80);
  });

  it('cut marks the cut with …, at the end or the start', () => {
    expect(cut('services/api/requirements.txt:3', 12)).toBe('services/ap…');
    expect(cut('services/api/requirements.txt:3', 12, 'end')).toBe('…ments.txt:3');
    expect(cut('short', 12)).toBe('short');
  });

  it.each([
    [['api'], 40, 'api'],
    [['a', 'b', 'c'], 40, '3 services: a, b, c'],
    [Array.from({ length: 14 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`), 30, '14 services: s01, s02, … (+12)'],
    [['sensor-bridge', 'mqtt-ingest', 'automation'], 24, '3 services'],
  ])('foldList(%j, %i) = %s', (names, w, want) => {
    expect(foldList(names, w)).toBe(want);
    expect(foldList(names, w).length).toBeLessThanOrEqual(w);
  });

  it('wrap: every line fits, words kept in order, hanging indent', () => {
    expect(wrap('warn a long message that wraps', 12, '  ', '')).toEqual(['warn a long', '  message', '  that wraps']);
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,30}$/), { maxLength: 30 }), fc.integer({ min: 10, max: 100 }), (words, w) => {
        const lines = wrap(words.join(' '), w, '    ', '');
        for (const l of lines) expect(l.length).toBeLessThanOrEqual(w);
        expect(lines.join('').replace(/\s+/g, '')).toBe(words.join(''));
      }),
    );
  });
});
