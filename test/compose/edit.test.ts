import { isMap, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { insertPath, removePair, replaceScalar, setLineComment } from '../../src/compose/edit.js';
import { parseYaml, type YamlFile } from '../../src/compose/parse.js';
import { ownPair } from '../../src/compose/yaml-nav.js';
import { applyEdits, type Edit } from '../../src/core/edit.js';
import { sourceFromText } from '../../src/core/source.js';

function file(text: string): YamlFile {
  return parseYaml(sourceFromText('c.yaml', text));
}
function mapAt(f: YamlFile, path: string[]): YAMLMap {
  const node = f.doc.getIn(path, true);
  if (!isMap(node)) throw new Error('not a map');
  return node;
}
const apply = (f: YamlFile, e: Edit): string => applyEdits(f.source.text, [e]);

describe('compose edit operations', () => {
  it('replaceScalar keeps plain, single and double quoting', () => {
    const f = file("a: 1\nb: '2'\nc: \"3\" # c\n");
    const m = f.doc.contents as YAMLMap;
    const edits = ['a', 'b', 'c'].map((k) => replaceScalar(f, ownPair(m, k)!.value as never, 'x y'));
    expect(applyEdits(f.source.text, edits)).toBe("a: x y\nb: 'x y'\nc: \"x y\" # c\n");
  });

  it('insertPath adds a nested path after the last entry, with the file indentation (3 spaces here)', () => {
    const f = file('services:\n   web:\n      image: w\n      ports:\n         - "80:80"\n   db:\n      image: d\n');
    expect(apply(f, insertPath(f, mapAt(f, ['services', 'web']), ['deploy', 'resources', 'limits', 'memory'], '256M'))).toBe(
      'services:\n   web:\n      image: w\n      ports:\n         - "80:80"\n      deploy:\n         resources:\n            limits:\n               memory: 256M\n   db:\n      image: d\n',
    );
  });

  it('insertPath into a flow mapping, and into an empty one', () => {
    const f = file('a: {x: 1}\nb: {}\n');
    expect(apply(f, insertPath(f, mapAt(f, ['a']), ['k', 'v'], '2'))).toBe('a: {x: 1, k: {v: 2}}\nb: {}\n');
    expect(apply(f, insertPath(f, mapAt(f, ['b']), ['k'], '2'))).toBe('a: {x: 1}\nb: {k: 2}\n');
  });

  it('insertPath keeps CRLF and a missing final newline', () => {
    const f = file('s:\r\n  a: 1');
    expect(apply(f, insertPath(f, mapAt(f, ['s']), ['b'], '2'))).toBe('s:\r\n  a: 1\r\n  b: 2');
  });

  it('removePair removes the key with its whole value block, nothing else', () => {
    const f = file('svc:\n  image: x\n  deploy:\n    resources:\n      limits: {memory: 1G}\n  # keep me\n  restart: always\n');
    const m = mapAt(f, ['svc']);
    expect(apply(f, removePair(f, ownPair(m, 'deploy')!))).toBe('svc:\n  image: x\n  # keep me\n  restart: always\n');
  });

  it('setLineComment adds, replaces, and skips quoted #', () => {
    const f = file('a: 1\nb: 2  # old\nc: "x # y"\n');
    const m = f.doc.contents as YAMLMap;
    const e = ['a', 'b', 'c'].map((k) => setLineComment(f, ownPair(m, k)!.value as never, 'new'));
    expect(applyEdits(f.source.text, e)).toBe('a: 1  # new\nb: 2  # new\nc: "x # y"  # new\n');
  });
});
