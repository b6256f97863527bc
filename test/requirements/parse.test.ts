import { describe, expect, test } from 'vitest';
import {
  findRequirement,
  hasLocalLabel,
  isValidSpecifier,
  localLabel,
  normalizeName,
  parseRequirements,
  pinnedVersion,
  printRequirements,
  publicVersion,
} from '../../src/requirements/index.js';
import { summarize, type LineSummary } from './summary.js';

// One single-line input per syntax form; the summary slices the input with the parsed ranges.
const ONE_LINE: [string, LineSummary][] = [
  ['', { kind: 'blank' }],
  ['   \t', { kind: 'blank' }],
  ['# comment', { kind: 'comment', comment: '# comment' }],
  ['   # indented', { kind: 'comment', comment: '# indented' }],
  ['requests', { kind: 'requirement', whole: 'requests', form: 'pep508', name: 'requests', normalized: 'requests', spec: '@8' }],
  ['Django_Rest.Framework', { kind: 'requirement', whole: 'Django_Rest.Framework', form: 'pep508', name: 'Django_Rest.Framework', normalized: 'django-rest-framework', spec: '@21' }],
  ['torch==2.5.1', { kind: 'requirement', whole: 'torch==2.5.1', form: 'pep508', name: 'torch', normalized: 'torch', spec: '==2.5.1' }],
  ['torch==2.4.0+cu121', { kind: 'requirement', whole: 'torch==2.4.0+cu121', form: 'pep508', name: 'torch', normalized: 'torch', spec: '==2.4.0+cu121' }],
  ['foo>=1,<2', { kind: 'requirement', whole: 'foo>=1,<2', form: 'pep508', name: 'foo', normalized: 'foo', spec: '>=1,<2' }],
  ['foo >= 1 , < 2', { kind: 'requirement', whole: 'foo >= 1 , < 2', form: 'pep508', name: 'foo', normalized: 'foo', spec: '>= 1 , < 2' }],
  ['foo~=1.4.2', { kind: 'requirement', whole: 'foo~=1.4.2', form: 'pep508', name: 'foo', normalized: 'foo', spec: '~=1.4.2' }],
  ['foo!=1.5', { kind: 'requirement', whole: 'foo!=1.5', form: 'pep508', name: 'foo', normalized: 'foo', spec: '!=1.5' }],
  ['foo===weird-1', { kind: 'requirement', whole: 'foo===weird-1', form: 'pep508', name: 'foo', normalized: 'foo', spec: '===weird-1' }],
  ['foo==1.0.*', { kind: 'requirement', whole: 'foo==1.0.*', form: 'pep508', name: 'foo', normalized: 'foo', spec: '==1.0.*' }],
  ['foo (>=1.0)', { kind: 'requirement', whole: 'foo (>=1.0)', form: 'pep508', name: 'foo', normalized: 'foo', spec: '>=1.0', parens: true }],
  ['foo ( >=1.0 , <2 )', { kind: 'requirement', whole: 'foo ( >=1.0 , <2 )', form: 'pep508', name: 'foo', normalized: 'foo', spec: '>=1.0 , <2', parens: true }],
  ['foo[a,b]', { kind: 'requirement', whole: 'foo[a,b]', form: 'pep508', name: 'foo', normalized: 'foo', extras: '[a,b]', items: ['a', 'b'], spec: '@8' }],
  ['foo [ a , b ] ==1', { kind: 'requirement', whole: 'foo [ a , b ] ==1', form: 'pep508', name: 'foo', normalized: 'foo', extras: '[ a , b ]', items: ['a', 'b'], spec: '==1' }],
  ['uvicorn[standard]==0.30.1', { kind: 'requirement', whole: 'uvicorn[standard]==0.30.1', form: 'pep508', name: 'uvicorn', normalized: 'uvicorn', extras: '[standard]', items: ['standard'], spec: '==0.30.1' }],
  [
    'torch==2.4.0+cpu; sys_platform == \'linux\'',
    { kind: 'requirement', whole: "torch==2.4.0+cpu; sys_platform == 'linux'", form: 'pep508', name: 'torch', normalized: 'torch', spec: '==2.4.0+cpu', marker: "sys_platform == 'linux'", semicolon: ';' },
  ],
  [
    'uvloop ; platform_system != "Windows" and (python_version >= "3.8" or extra == "x")',
    { kind: 'requirement', whole: 'uvloop ; platform_system != "Windows" and (python_version >= "3.8" or extra == "x")', form: 'pep508', name: 'uvloop', normalized: 'uvloop', spec: '@6', marker: 'platform_system != "Windows" and (python_version >= "3.8" or extra == "x")', semicolon: ';' },
  ],
  [
    "wrapt==1.14.1; python_version not in '3.0, 3.1'",
    { kind: 'requirement', whole: "wrapt==1.14.1; python_version not in '3.0, 3.1'", form: 'pep508', name: 'wrapt', normalized: 'wrapt', spec: '==1.14.1', marker: "python_version not in '3.0, 3.1'", semicolon: ';' },
  ],
  ['foo;', { kind: 'requirement', whole: 'foo;', form: 'pep508', name: 'foo', normalized: 'foo', spec: '@3', marker: '', semicolon: ';' }],
  [
    'pkg @ https://example.com/pkg-1.0.tar.gz ; python_version < "3.12"',
    { kind: 'requirement', whole: 'pkg @ https://example.com/pkg-1.0.tar.gz ; python_version < "3.12"', form: 'pep508', name: 'pkg', normalized: 'pkg', url: 'https://example.com/pkg-1.0.tar.gz', marker: 'python_version < "3.12"', semicolon: ';' },
  ],
  ['pkg[x]@file:///src/pkg', { kind: 'requirement', whole: 'pkg[x]@file:///src/pkg', form: 'pep508', name: 'pkg', normalized: 'pkg', extras: '[x]', items: ['x'], url: 'file:///src/pkg' }],
  [
    'git+https://github.com/org/repo.git@v1.2#egg=My_Pkg',
    { kind: 'requirement', whole: 'git+https://github.com/org/repo.git@v1.2#egg=My_Pkg', form: 'url', name: 'My_Pkg', normalized: 'my-pkg', url: 'git+https://github.com/org/repo.git@v1.2#egg=My_Pkg' },
  ],
  [
    'https://download.pytorch.org/whl/cpu/torch-2.4.0%2Bcpu-cp311-cp311-linux_x86_64.whl; sys_platform == "linux"',
    { kind: 'requirement', whole: 'https://download.pytorch.org/whl/cpu/torch-2.4.0%2Bcpu-cp311-cp311-linux_x86_64.whl; sys_platform == "linux"', form: 'url', name: 'torch', normalized: 'torch', url: 'https://download.pytorch.org/whl/cpu/torch-2.4.0%2Bcpu-cp311-cp311-linux_x86_64.whl', marker: 'sys_platform == "linux"', semicolon: ';' },
  ],
  ['https://x.org/a;b/pkg.zip', { kind: 'requirement', whole: 'https://x.org/a;b/pkg.zip', form: 'url', url: 'https://x.org/a;b/pkg.zip' }],
  ['./pkg', { kind: 'requirement', whole: './pkg', form: 'path', url: './pkg' }],
  ['./pkg[dev,test]', { kind: 'requirement', whole: './pkg[dev,test]', form: 'path', url: './pkg', extras: '[dev,test]', items: ['dev', 'test'] }],
  ['../wheels/My.Pkg-1.0-py3-none-any.whl', { kind: 'requirement', whole: '../wheels/My.Pkg-1.0-py3-none-any.whl', form: 'path', url: '../wheels/My.Pkg-1.0-py3-none-any.whl', name: 'My.Pkg', normalized: 'my-pkg' }],
  ['pkg-1.0.tar.gz', { kind: 'requirement', whole: 'pkg-1.0.tar.gz', form: 'path', url: 'pkg-1.0.tar.gz' }],
  ['-e .', { kind: 'requirement', whole: '.', form: 'path', editable: true, url: '.', options: ['-e|--editable|.|.'] }],
  ['-e .[dev]', { kind: 'requirement', whole: '.[dev]', form: 'path', editable: true, url: '.', extras: '[dev]', items: ['dev'], options: ['-e|--editable|.[dev]|.[dev]'] }],
  [
    '--editable=git+https://h/r.git#egg=foo',
    { kind: 'requirement', whole: 'git+https://h/r.git#egg=foo', form: 'url', editable: true, url: 'git+https://h/r.git#egg=foo', name: 'foo', normalized: 'foo', options: ['--editable|--editable|git+https://h/r.git#egg=foo|git+https://h/r.git#egg=foo'] },
  ],
  ['-r base.txt', { kind: 'option', options: ['-r|--requirement|base.txt|base.txt'] }],
  ['-rbase.txt', { kind: 'option', options: ['-r|--requirement|base.txt|base.txt'] }],
  ['--requirement=base.txt', { kind: 'option', options: ['--requirement|--requirement|base.txt|base.txt'] }],
  ['-c constraints.txt', { kind: 'option', options: ['-c|--constraint|constraints.txt|constraints.txt'] }],
  ['--constraint ./c.txt', { kind: 'option', options: ['--constraint|--constraint|./c.txt|./c.txt'] }],
  ['-i https://pypi.org/simple', { kind: 'option', options: ['-i|--index-url|https://pypi.org/simple|https://pypi.org/simple'] }],
  ['--index-url=https://a/simple', { kind: 'option', options: ['--index-url|--index-url|https://a/simple|https://a/simple'] }],
  ['--extra-index-url https://download.pytorch.org/whl/cu121', { kind: 'option', options: ['--extra-index-url|--extra-index-url|https://download.pytorch.org/whl/cu121|https://download.pytorch.org/whl/cu121'] }],
  ['--extra-index https://a', { kind: 'option', options: ['--extra-index|--extra-index-url|https://a|https://a'] }],
  ['-f https://download.pytorch.org/whl/torch_stable.html', { kind: 'option', options: ['-f|--find-links|https://download.pytorch.org/whl/torch_stable.html|https://download.pytorch.org/whl/torch_stable.html'] }],
  ['--find-links=./wheels', { kind: 'option', options: ['--find-links|--find-links|./wheels|./wheels'] }],
  ['--trusted-host download.pytorch.org', { kind: 'option', options: ['--trusted-host|--trusted-host|download.pytorch.org|download.pytorch.org'] }],
  ['--pre', { kind: 'option', options: ['--pre|--pre||'] }],
  ['--no-index', { kind: 'option', options: ['--no-index|--no-index||'] }],
  ['--prefer-binary', { kind: 'option', options: ['--prefer-binary|--prefer-binary||'] }],
  ['--require-hashes', { kind: 'option', options: ['--require-hashes|--require-hashes||'] }],
  ['--only-binary :all:', { kind: 'option', options: ['--only-binary|--only-binary|:all:|:all:'] }],
  ['--no-binary=lxml', { kind: 'option', options: ['--no-binary|--no-binary|lxml|lxml'] }],
  ['--use-feature truststore', { kind: 'option', options: ['--use-feature|--use-feature|truststore|truststore'] }],
  ['--pre --extra-index-url https://x', { kind: 'option', options: ['--pre|--pre||', '--extra-index-url|--extra-index-url|https://x|https://x'] }],
  ['--index-url "https://a b/simple"', { kind: 'option', options: ['--index-url|--index-url|"https://a b/simple"|https://a b/simple'] }],
  ['--something-new value', { kind: 'option', options: ['--something-new|--something-new?|value|value'] }],
  ['--flag-new', { kind: 'option', options: ['--flag-new|--flag-new?||'] }],
  ['--x=1', { kind: 'option', options: ['--x|--x?|1|1'] }],
  ['-i https://a # the index', { kind: 'option', comment: '# the index', options: ['-i|--index-url|https://a|https://a'] }],
  [
    'six==1.15.0 --hash=sha256:abc --hash sha256:def',
    { kind: 'requirement', whole: 'six==1.15.0', form: 'pep508', name: 'six', normalized: 'six', spec: '==1.15.0', hashes: ['sha256:abc', 'sha256:def'], options: ['--hash|--hash|sha256:abc|sha256:abc', '--hash|--hash|sha256:def|sha256:def'] },
  ],
  [
    // a real line (kohya_ss): pip accepts the option on a requirement line and ignores it.
    'torch==2.1.2+cu118 --index-url https://download.pytorch.org/whl/cu118',
    { kind: 'requirement', whole: 'torch==2.1.2+cu118', form: 'pep508', name: 'torch', normalized: 'torch', spec: '==2.1.2+cu118', options: ['--index-url|--index-url|https://download.pytorch.org/whl/cu118|https://download.pytorch.org/whl/cu118'] },
  ],
  ['foo==1.0 # pinned', { kind: 'requirement', whole: 'foo==1.0', form: 'pep508', name: 'foo', normalized: 'foo', spec: '==1.0', comment: '# pinned' }],
  ['foo==1.0\t#tab comment', { kind: 'requirement', whole: 'foo==1.0', form: 'pep508', name: 'foo', normalized: 'foo', spec: '==1.0', comment: '#tab comment' }],
  ['git+https://h/r.git#egg=foo # c', { kind: 'requirement', whole: 'git+https://h/r.git#egg=foo', form: 'url', url: 'git+https://h/r.git#egg=foo', name: 'foo', normalized: 'foo', comment: '# c' }],
  // invalid lines
  ['foo==', { kind: 'invalid', error: 'expected a version after the operator' }],
  ['foo==latest', { kind: 'invalid', error: "invalid version specifier '==latest'" }],
  ['foo>=1.0.*', { kind: 'invalid', error: "invalid version specifier '>=1.0.*'" }],
  ['foo bar', { kind: 'invalid', error: 'expected a version specifier, @ URL or end of requirement' }],
  ['foo[a', { kind: 'invalid', error: "expected ']' to close the extras" }],
  ['foo (>=1', { kind: 'invalid', error: "expected ')' to close the specifier" }],
  ['foo; python_version <', { kind: 'invalid', error: 'invalid marker: expected a marker variable or a quoted string' }],
  ['foo; os == "x"', { kind: 'invalid', error: 'invalid marker: expected a marker variable or a quoted string' }],
  ['!!!', { kind: 'invalid', error: 'expected a package name or a URL/path' }],
  ['-r', { kind: 'invalid', error: '-r option requires a value' }],
  ['--pre=1', { kind: 'invalid', error: '--pre option does not take a value' }],
  // optparse keeps stray words as arguments and reads on; pip drops them: the line is valid, the words noted.
  ['--pre foo', { kind: 'option', options: ['--pre|--pre||'], ignored: ["foo@unexpected argument 'foo' after options (pip ignores it)"] }],
  [
    // a real line (openedai-speech): pip reads `torch;` (an empty marker) and drops the index option and the words.
    'torch; --index-url https://download.pytorch.org/whl/cpu; sys_platform == "darwin"',
    {
      kind: 'requirement',
      whole: 'torch;',
      form: 'pep508',
      name: 'torch',
      normalized: 'torch',
      spec: '@5',
      marker: '',
      semicolon: ';',
      options: ['--index-url|--index-url|https://download.pytorch.org/whl/cpu;|https://download.pytorch.org/whl/cpu;'],
      ignored: ["sys_platform@unexpected argument 'sys_platform' after options (pip ignores it)", "==@unexpected argument '==' after options (pip ignores it)", '"darwin"@unexpected argument \'darwin\' after options (pip ignores it)'],
    },
  ],
  ['--index-url "https://a', { kind: 'invalid', error: 'unclosed " quote in options' }],
  ['--in https://a', { kind: 'invalid', error: 'ambiguous option --in' }],
  ['foo --hash=md5:abc', { kind: 'invalid', error: '--hash needs sha256:, sha384: or sha512: followed by the digest' }],
  ['https://h/x.whl', { kind: 'invalid', error: "'x.whl' is not a valid wheel file name" }],
  ['./dist/x.whl/', { kind: 'invalid', error: "'x.whl' is not a valid wheel file name" }],
  ["git+https://h/r#egg=[x]", { kind: 'invalid', error: 'invalid #egg= fragment: expected a package name or a URL/path' }],
  ['.hidden', { kind: 'invalid', error: 'expected a package name or a URL/path' }],
  ['foo===', { kind: 'requirement', whole: 'foo===', form: 'pep508', name: 'foo', normalized: 'foo', spec: '===' }],
];

describe('one logical line per syntax form', () => {
  test.each(ONE_LINE)('%j', (input, expected) => {
    const file = parseRequirements(input);
    expect(printRequirements(file)).toBe(input);
    if (input === '') {
      expect(file.lines).toEqual([]);
      return;
    }
    expect(file.lines).toHaveLength(1);
    expect(summarize(input, file.lines[0]!)).toEqual(expected);
    expect(file.errors.length).toBe(expected.kind === 'invalid' ? 1 : 0);
  });
});

describe('logical lines, continuations and line endings', () => {
  test('line ranges, numbers and endings with LF, CRLF and no final newline', () => {
    const text = 'a==1\r\n\r\n# c\nb \\\r\n  >=2\nc';
    const file = parseRequirements(text);
    const rows = file.lines.map((l) => [l.kind, l.line, l.physicalLines, text.slice(l.start, l.end), text.slice(l.end, l.endWithEol)]);
    expect(rows).toEqual([
      ['requirement', 1, 1, 'a==1', '\r\n'],
      ['blank', 2, 1, '', '\r\n'],
      ['comment', 3, 1, '# c', '\n'],
      ['requirement', 4, 2, 'b \\\r\n  >=2', '\n'],
      ['requirement', 6, 1, 'c', ''],
    ]);
    expect(file.eol).toBe('\r\n');
    expect(summarize(text, file.lines[3]!).spec).toBe('>=2');
  });

  test('hashes on continuation lines (pip-compile --generate-hashes)', () => {
    const text = 'attrs==20.3.0 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n    # via -r req.in\n';
    const file = parseRequirements(text);
    expect(file.lines.map((l) => l.kind)).toEqual(['requirement', 'comment']);
    const l = file.lines[0]!;
    expect(l.physicalLines).toBe(3);
    expect(text.slice(l.start, l.end)).toBe('attrs==20.3.0 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb');
    expect(summarize(text, l)).toEqual({
      kind: 'requirement',
      whole: 'attrs==20.3.0',
      form: 'pep508',
      name: 'attrs',
      normalized: 'attrs',
      spec: '==20.3.0',
      hashes: ['sha256:aaa', 'sha256:bbb'],
      options: ['--hash|--hash|sha256:aaa|sha256:aaa', '--hash|--hash|sha256:bbb|sha256:bbb'],
    });
  });

  test('a specifier split by a continuation maps to one source range; its text is the joined value', () => {
    const text = 'foo>=1,\\\n<2\n';
    const l = parseRequirements(text).lines[0]!;
    const spec = l.requirement!.specifier!;
    expect(text.slice(spec.start, spec.end)).toBe('>=1,\\\n<2');
    expect(spec.text).toBe('>=1,<2');
  });

  test('pip joins a name split by a continuation without a space', () => {
    const text = 'req\\\nuests==1\n';
    const l = parseRequirements(text).lines[0]!;
    expect(l.requirement!.name!.text).toBe('requests');
    expect(text.slice(l.requirement!.name!.start, l.requirement!.name!.end)).toBe('req\\\nuests');
  });

  test('a comment line ends a continuation; a comment line ending in \\ does not continue', () => {
    const text = 'foo==1 \\\n# note \\\nbar\n';
    const file = parseRequirements(text);
    expect(file.lines.map((l) => [l.kind, l.line, l.physicalLines])).toEqual([
      ['requirement', 1, 2],
      ['requirement', 3, 1],
    ]);
    const c = file.lines[0]!.comment!;
    expect(text.slice(c.start, c.end)).toBe('# note \\');
  });

  test('an inline comment ending in \\ swallows the next line, as in pip', () => {
    const text = 'foo==1 # c \\\nbar==2\n';
    const file = parseRequirements(text);
    expect(file.lines).toHaveLength(1);
    expect(summarize(text, file.lines[0]!).comment).toBe('# c \\\nbar==2');
  });

  test('a continuation at the end of the file is dangling', () => {
    for (const text of ['foo==1 \\', 'foo==1 \\\n']) {
      const l = parseRequirements(text).lines[0]!;
      expect([l.kind, l.danglingContinuation, l.requirement!.specifier!.text]).toEqual(['requirement', true, '==1']);
    }
  });

  test('a # without whitespace before it is not a comment', () => {
    const text = 'https://h/x.zip#sha256=abc\n';
    const l = parseRequirements(text).lines[0]!;
    expect(l.comment).toBeUndefined();
    expect(l.requirement!.url!.text).toBe('https://h/x.zip#sha256=abc');
  });

  test('errors carry offsets into the original text', () => {
    const text = 'ok==1\nfoo==latest\n';
    const file = parseRequirements(text);
    expect(file.errors).toEqual([{ offset: 9, message: "invalid version specifier '==latest'" }]);
    expect(text.slice(file.errors[0]!.offset)).toBe('==latest\n');
  });
});

describe('names', () => {
  test.each([
    ['Django', 'django'],
    ['zope.interface', 'zope-interface'],
    ['typing_extensions', 'typing-extensions'],
    ['A__b--c..d', 'a-b-c-d'],
  ])('normalizeName(%s) = %s', (input, out) => {
    expect(normalizeName(input)).toBe(out);
  });

  test('findRequirement matches normalised names, including -e #egg= and wheel names', () => {
    const text = 'Typing_Extensions==4\n# typing-extensions\n-e git+https://h/r#egg=typing.extensions\nother\n';
    const file = parseRequirements(text);
    expect(findRequirement(file, 'typing-extensions').map((l) => l.line)).toEqual([1, 3]);
    expect(findRequirement(file, 'nope')).toEqual([]);
  });
});

describe('versions', () => {
  test.each([
    ['==2.5.1', '2.5.1'],
    ['== 2.4.0+cu121', '2.4.0+cu121'],
    ['===foo', 'foo'],
    ['==1.0.*', undefined],
    ['>=1', undefined],
    ['==1,<2', undefined],
    ['==latest', undefined],
    ['', undefined],
  ])('pinnedVersion(%j) = %j', (spec, out) => {
    expect(pinnedVersion(spec)).toBe(out);
  });

  test.each([
    ['2.4.0+cu121', 'cu121', '2.4.0'],
    ['2.4.0+cpu', 'cpu', '2.4.0'],
    ['0.0.23.post1+cu118', 'cu118', '0.0.23.post1'],
    ['2.4.0', undefined, '2.4.0'],
    ['not a version+x', undefined, 'not a version+x'],
  ])('localLabel(%s) = %j, publicVersion = %s', (v, label, pub) => {
    expect(localLabel(v)).toBe(label);
    expect(hasLocalLabel(v)).toBe(label !== undefined);
    expect(publicVersion(v)).toBe(pub);
  });

  test('isValidSpecifier', () => {
    expect([isValidSpecifier('>=1, <2'), isValidSpecifier(''), isValidSpecifier('>=1.0.*'), isValidSpecifier('~=1')]).toEqual([true, true, false, false]);
  });
});
