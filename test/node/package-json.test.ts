import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/core/edit.js';
import { removeMembers, sectionMembers } from '../../src/node/package-json.js';

const remove = (text: string, names: string[]): string => {
  const s = sectionMembers(text, 'dependencies')!;
  return applyEdits(text, removeMembers('/p/package.json', text, s.members, new Set(names)));
};

const PKG = '{\n  "name": "x",\n  "dependencies": {\n    "a": "^1.0.0",\n    "b": "^2.0.0",\n    "c": "^3.0.0"\n  },\n  "devDependencies": { "b": "1" }\n}\n';

/** package.json in → out, byte for byte. */
const CASES: [string, string, string[], string][] = [
  ['a middle entry: its line goes', PKG, ['b'], '{\n  "name": "x",\n  "dependencies": {\n    "a": "^1.0.0",\n    "c": "^3.0.0"\n  },\n  "devDependencies": { "b": "1" }\n}\n'],
  ['the last entry: the previous loses its comma', PKG, ['c'], '{\n  "name": "x",\n  "dependencies": {\n    "a": "^1.0.0",\n    "b": "^2.0.0"\n  },\n  "devDependencies": { "b": "1" }\n}\n'],
  ['the last two entries', PKG, ['b', 'c'], '{\n  "name": "x",\n  "dependencies": {\n    "a": "^1.0.0"\n  },\n  "devDependencies": { "b": "1" }\n}\n'],
  ['every entry', PKG, ['a', 'b', 'c'], '{\n  "name": "x",\n  "dependencies": {\n  },\n  "devDependencies": { "b": "1" }\n}\n'],
  ['CRLF and tabs', '{\r\n\t"dependencies": {\r\n\t\t"a": "1",\r\n\t\t"b": "2"\r\n\t}\r\n}', ['b'], '{\r\n\t"dependencies": {\r\n\t\t"a": "1"\r\n\t}\r\n}'],
  ['inline object, first', '{ "dependencies": { "a": "1", "b": "2", "c": "3" } }', ['a'], '{ "dependencies": { "b": "2", "c": "3" } }'],
  ['inline object, last', '{ "dependencies": { "a": "1", "b": "2", "c": "3" } }', ['c'], '{ "dependencies": { "a": "1", "b": "2" } }'],
  ['inline object, middle', '{ "dependencies": { "a": "1", "b": "2", "c": "3" } }', ['b'], '{ "dependencies": { "a": "1", "c": "3" } }'],
  ['escaped keys and object values', '{\n  "dependencies": {\n    "a\\"q": "1",\n    "b": {"version": "2"}\n  }\n}\n', ['b'], '{\n  "dependencies": {\n    "a\\"q": "1"\n  }\n}\n'],
];

describe('package.json dependency removal keeps formatting', () => {
  it.each(CASES)('%s', (_n, input, names, output) => {
    const got = remove(input, names);
    expect(got).toBe(output);
    expect(() => JSON.parse(got)).not.toThrow();
  });

  it('finds only the top-level section', () => {
    expect(sectionMembers('{"x": {"dependencies": {"a": "1"}}}', 'dependencies')).toBeUndefined();
    expect(sectionMembers(PKG, 'dependencies')!.members.map((m) => m.key)).toEqual(['a', 'b', 'c']);
  });
});
