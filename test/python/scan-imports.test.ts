import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scanImports, scanImportsBytes } from '../../src/python/scan-imports.js';
import type { PyImport } from '../../src/python/types.js';

const tricky = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/python/tricky');

/** Compact form of an import: `kind module` plus flags, e.g. `from a.b [type,try]`. */
function brief(i: PyImport): string {
  const flags = [i.typeOnly && 'type', i.inTry && 'try', i.relative && 'rel'].filter(Boolean);
  return `${i.kind} ${i.module}${flags.length ? ` [${flags.join(',')}]` : ''}`;
}
const scan = (src: string): string[] => scanImports(src).imports.map(brief);

describe('scanImports: statements', () => {
  const cases: [string, string, string[]][] = [
    ['plain', 'import os\n', ['import os']],
    ['dotted', 'import a.b.c\n', ['import a.b.c']],
    ['aliases and commas', 'import a as b, c, d.e as f\n', ['import a', 'import c', 'import d.e']],
    ['spaces inside a dotted name', 'import a . b\n', ['import a.b']],
    ['from', 'from a.b import c\n', ['from a.b']],
    ['from, parenthesised over lines', 'from a import (x,\n y)\n', ['from a']],
    ['from star', 'from a import *\n', ['from a']],
    ['future', 'from __future__ import annotations\n', ['from __future__']],
    ['relative dot', 'from . import x\n', ['from . [rel]']],
    ['relative name', 'from .a import b\n', ['from .a [rel]']],
    ['relative dots written as ellipsis', 'from ...a.b import c\n', ['from ...a.b [rel]']],
    ['relative without space', 'from .import x\n', ['from . [rel]']],
    ['semicolons', 'import a; import b\n', ['import a', 'import b']],
    ['after an assignment', 'x = 1; from y import z\n', ['from y']],
    ['inline body', 'if x: import a\nfor i in y: import b\nclass C: import c\n', ['import a', 'import b', 'import c']],
    ['in a function', 'def f():\n    import a\n    return a\n', ['import a']],
    ['backslash continuation', 'import a, \\\n    b\nfrom c \\\n  import d\n', ['import a', 'import b', 'from c']],
    ['no trailing newline', 'import a', ['import a']],
    ['CRLF', 'import a\r\nfrom b import (\r\n c)\r\n', ['import a', 'from b']],
    ['lone CR line ends', 'import a\rimport b\r', ['import a', 'import b']],
    ['soft keywords and look-alikes', 'import_x = 1\nfrom_ = 2\nx.import_ = 3\nmatch = 1\ntype = 2\n', []],
    ['match statement', 'match x:\n    case 1:\n        import a\n', ['import a']],
    ['walrus is not a block colon', 'if (n := 1):\n    import a\n', ['import a']],
  ];
  test.each(cases)('%s', (_name, src, want) => {
    expect(scan(src)).toEqual(want);
  });
});

describe('scanImports: nothing inside strings or comments', () => {
  const cases: [string, string][] = [
    ['comment', '# import a\nx = 1  # from b import c\n'],
    ['string', 's = "import a"\nt = \'from b import c\'\n'],
    ['docstring', '"""\nimport a\nfrom b import c\n"""\n'],
    ['triple with escaped quotes', 's = """ \\""" import a """\n'],
    ['escaped quote', "s = 'it\\'s; import a'\n"],
    ['raw string keeps escaped quote', "s = r'\\'; import a'\n"],
    ['byte strings', "s = b'import a'; t = rb\"import b\"; u = BR'''import c'''\n"],
    ['f-string text', 's = f"import a {x} import b"\n'],
    ['f-string with nested same quotes (PEP 701)', 's = f"{", ".join(y)} import a"\n'],
    ['nested f-strings', 's = f"{f"{f"{x}"}"} import a"\n'],
    ['f-string format spec', 's = f"{x:{w}.{p}} ; import a"\n'],
    ['f-string doubled braces', 's = f"{{ import a }}"\n'],
    ['f-string \\N escape', 's = f"\\N{BULLET} import a"\n'],
    ['comment with quotes', '# it\'s "quoted\nx = 1\n'],
    ['line continuation inside a string', 's = "a \\\nimport b"\n'],
  ];
  test.each(cases)('%s', (_name, src) => {
    expect(scanImports(src)).toEqual({ imports: [], errors: [] });
  });

  test('code after the string still counts', () => {
    expect(scan('s = f"{x!r:>10}"; import a\nt = """x"""; import b\n')).toEqual(['import a', 'import b']);
  });
});

describe('scanImports: dynamic imports', () => {
  const cases: [string, string, string[]][] = [
    ['importlib.import_module', 'importlib.import_module("a.b")\n', ['dynamic a.b']],
    ['import_module bare, second argument', "import_module('a', package=None)\n", ['dynamic a']],
    ['__import__', '__import__("a")\n', ['dynamic a']],
    ['spaces and lines', 'importlib . import_module (\n "a" ,\n)\n', ['dynamic a']],
    ['relative', 'importlib.import_module(".a", __package__)\n', ['dynamic .a [rel]']],
    ['inside an f-string field', 's = f"{__import__(\'a\').x}"\n', ['dynamic a']],
    ['not a literal', '__import__(name)\n__import__("a" + b)\n__import__(f"a")\n__import__(b"a")\n', []],
    ['not a module name', '__import__("a b")\n__import__("")\n__import__("a\\x62")\n', []],
    ['method of another object', 'obj.__import__("a")\nobj.import_module("b")\nx.importlib.import_module("c")\n', []],
  ];
  test.each(cases)('%s', (_name, src, want) => {
    expect(scan(src)).toEqual(want);
  });
});

describe('scanImports: TYPE_CHECKING and try blocks', () => {
  const cases: [string, string, string[]][] = [
    [
      'TYPE_CHECKING block, else branch is runtime',
      'if TYPE_CHECKING:\n    import a\n    def f():\n        import b\nelse:\n    import c\nimport d\n',
      ['import a [type]', 'import b [type]', 'import c', 'import d'],
    ],
    ['typing.TYPE_CHECKING, inline body', 'if typing.TYPE_CHECKING: import a; import b\nimport c\n', ['import a [type]', 'import b [type]', 'import c']],
    ['elif TYPE_CHECKING', 'if x:\n    import a\nelif TYPE_CHECKING:\n    import b\n', ['import a', 'import b [type]']],
    ['not TYPE_CHECKING', 'if not TYPE_CHECKING:\n    import a\n', ['import a']],
    ['nested in a function', 'def f():\n    if TYPE_CHECKING:\n        import a\n    import b\n', ['import a [type]', 'import b']],
    ['comment at column 0 does not end a block', 'if TYPE_CHECKING:\n    import a\n# note\n    import b\nimport c\n', ['import a [type]', 'import b [type]', 'import c']],
    ['tabs', 'if TYPE_CHECKING:\n\timport a\nimport b\n', ['import a [type]', 'import b']],
    [
      'try / except ImportError: body only',
      'try:\n    import a\nexcept ImportError:\n    import b\n',
      ['import a [try]', 'import b'],
    ],
    ['except tuple', 'try:\n    import a\nexcept (ValueError, ModuleNotFoundError):\n    pass\n', ['import a [try]']],
    ['second handler catches', 'try:\n    import a\nexcept KeyError:\n    pass\nexcept Exception:\n    pass\n', ['import a [try]']],
    ['bare except, inline', 'try: import a\nexcept: pass\n', ['import a [try]']],
    ['other exception', 'try:\n    import a\nexcept ValueError:\n    pass\n', ['import a']],
    ['as-name is not the type', 'try:\n    import a\nexcept OSError as ImportError:\n    pass\n', ['import a']],
    [
      'else and finally are not guarded',
      'try:\n    import a\nexcept ImportError:\n    pass\nelse:\n    import b\nfinally:\n    import c\n',
      ['import a [try]', 'import b', 'import c'],
    ],
    [
      'nested: outer handler guards inner body and handler',
      'try:\n    try:\n        import a\n    except KeyError:\n        import b\nexcept ImportError:\n    pass\n',
      ['import a [try]', 'import b [try]'],
    ],
    ['TYPE_CHECKING inside try', 'try:\n    if TYPE_CHECKING:\n        import a\nexcept ImportError:\n    pass\n', ['import a [type,try]']],
  ];
  test.each(cases)('%s', (_name, src, want) => {
    expect(scan(src)).toEqual(want);
  });
});

describe('scanImports: positions, names, errors', () => {
  test('offset, line and names', () => {
    const src = 'x = 1\nfrom a.b import (c,\n  d as e, f)\nimport g . h\n';
    expect(scanImports(src).imports).toEqual([
      { module: 'a.b', top: 'a', offset: 11, line: 2, kind: 'from', typeOnly: false, inTry: false, relative: false, names: ['c', 'd', 'f'] },
      { module: 'g.h', top: 'g', offset: 46, line: 4, kind: 'import', typeOnly: false, inTry: false, relative: false, names: [] },
    ]);
  });

  test('a leading BOM in the text is skipped but counted in offsets', () => {
    expect(scanImports('\uFEFFimport a\n').imports.map((i) => [i.module, i.offset])).toEqual([['a', 8]]);
  });

  test('syntax errors are reported and scanning goes on', () => {
    const src = 'import a\ndef broken(:\n    x = (1, 2\nimport b\ns = "unterminated\nfrom c import d\nimport\nfrom e import\n';
    const r = scanImports(src);
    expect(r.imports.map(brief)).toEqual(['import a', 'import b', 'from c', 'from e']);
    expect(r.errors).toEqual([
      { offset: 36, message: 'unclosed bracket before this statement' },
      { offset: 49, message: 'unterminated string literal' },
      { offset: 79, message: 'incomplete import statement' },
      { offset: 86, message: 'incomplete import statement' },
    ]);
  });

  test('unterminated f-string and triple-quoted string', () => {
    expect(scanImports('s = f"{x\nimport a\n').errors.map((e) => e.message)).toEqual(['unterminated f-string literal']);
    expect(scan('s = f"{x\nimport a\n')).toEqual(['import a']);
    expect(scanImports('import a\ns = """\nimport b\n')).toEqual({
      imports: [{ module: 'a', top: 'a', offset: 7, line: 1, kind: 'import', typeOnly: false, inTry: false, relative: false, names: [] }],
      errors: [{ offset: 13, message: 'unterminated triple-quoted string' }],
    });
  });

  test('never throws on arbitrary input', () => {
    const alphabet = fc.constantFrom(...'import from as ( ) [ ] { } : ; , . \\ \n \r \t # " \' f"{ }" r b x TYPE_CHECKING try except __import__ = 0'.split(' '));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const r = scanImports(parts.join(' '));
        for (const i of r.imports) expect(i.module.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('scanImportsBytes', () => {
  test('UTF-8 with BOM: the BOM is dropped, offsets point into the returned text', () => {
    const r = scanImportsBytes(readFileSync(path.join(tricky, 'bom_utf8.py')));
    expect([r.encoding, r.bom, r.text.slice(0, 6)]).toEqual(['utf-8', true, 'import']);
    expect(r.imports.map((i) => [i.module, r.text.slice(i.offset, i.offset + i.module.length)])).toEqual([
      ['alpha', 'alpha'],
      ['beta', 'beta'],
    ]);
  });

  test('latin-1 file with a coding cookie falls back to one char per byte', () => {
    const buf = readFileSync(path.join(tricky, 'latin1_cookie.py'));
    const r = scanImportsBytes(buf);
    expect([r.encoding, r.bom, r.text.length]).toEqual(['latin1', false, buf.length]);
    expect(r.imports.map(brief)).toEqual(['import alpha', 'import beta']);
    expect(r.text.slice(r.imports[1]!.offset, r.imports[1]!.offset + 4)).toBe('beta');
  });

  test('PEP 701 f-strings (Python 3.12+)', () => {
    const r = scanImportsBytes(readFileSync(path.join(tricky, 'pep701_fstrings.py')));
    expect(r.imports.map(brief)).toEqual(['import alpha', 'dynamic gamma', 'import beta']);
    expect(r.errors).toEqual([]);
  });
});
