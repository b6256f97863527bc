import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/core/errors.js';
import type { Change } from '../../src/core/finding.js';
import { sourceFromText } from '../../src/core/source.js';
import { verify } from '../../src/pipeline/verify.js';

const change = (file: string, expect: Change['expect']): Change => ({ transform: 't', file, line: 1, what: 'x', value: { kind: 'other' }, before: 'a', after: 'b', reason: 'r', expect });

describe('verify reads every intended value back from the new text', () => {
  it('accepts a YAML change whose value reads back (aliases and merges resolved)', () => {
    const source = sourceFromText('c.yaml', 'x: &m 1\ns:\n  a: *m\n');
    expect(() => verify([{ source, after: 'x: &m 2\ns:\n  a: *m\n' }], [change(source.path, [{ kind: 'yaml', file: source.path, path: ['s', 'a'], value: 2 }])])).not.toThrow();
  });

  it.each([
    ['a YAML value that reads back different', 'c.yaml', 's:\n  a: 1\n', 's:\n  a: 3\n', [{ kind: 'yaml', path: ['s', 'a'], value: 2 }], /s.a reads back 3, expected 2/],
    ['a list that reads back with other items (item by item, not as joined text)', 'c.yaml', 's:\n  a: [x]\n', 's:\n  a: [a, b]\n', [{ kind: 'yaml', path: ['s', 'a'], value: ['a,b'] }], /s.a reads back \["a","b"\], expected \["a,b"\]/],
    ['a mapping with a key too many', 'c.yaml', 's:\n  a: {}\n', 's:\n  a: {k: 1, j: 2}\n', [{ kind: 'yaml', path: ['s', 'a'], value: { k: 1 } }], /s.a reads back/],
    ['YAML that no longer parses', 'c.yaml', 's:\n  a: 1\n', 's:\n a: 1\n  b: 2\n', [], /does not parse/],
    ['a requirement still present', 'r.txt', 'a==1\nb==2\n', 'a==1\nb==2\n#\n', [{ kind: 'requirement', name: 'B', present: false }], /B is still required/],
    ['a specifier that did not change', 'r.txt', 'torch==2.5.1\n', 'torch==2.5.1 \n', [{ kind: 'requirement', name: 'torch', present: true, specifier: '==2.5.1+cpu' }], /does not read back/],
    ['a missing option line', 'r.txt', 'a\n', 'a\n\n', [{ kind: 'option', option: '--extra-index-url', value: 'https://x', present: true }], /missing/],
    ['broken JSON', 'package.json', '{"a": 1}\n', '{"a": 1,}\n', [], /not valid JSON/],
    ['a Dockerfile whose pip install no longer reads', 'Dockerfile', 'FROM x\nRUN pip install -r r.txt\n', 'FROM x\nRUN echo -r r.txt\n', [], /0 pip install/],
  ] as const)('rejects %s, naming the file', (_name, rel, before, after, expects, message) => {
    const source = sourceFromText(rel, before);
    const ex = expects.map((e) => ({ ...e, file: source.path })) as Change['expect'];
    expect(() => verify([{ source, after }], [change(source.path, ex)])).toThrow(VerifyError);
    expect(() => verify([{ source, after }], [change(source.path, ex)])).toThrow(message);
  });
});
