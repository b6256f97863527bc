import { describe, expect, test } from 'vitest';
import { applyEdits, type Edit } from '../../src/core/edit.js';
import { sourceFromText, type SourceFile } from '../../src/core/source.js';
import {
  findRequirement,
  insertLineAfter,
  insertLineBefore,
  insertOptionLine,
  parseRequirements,
  removeLine,
  removeMarker,
  replaceOptionValue,
  replaceSpecifier,
  setMarker,
  type RequirementsFile,
} from '../../src/requirements/index.js';

type Op = (src: SourceFile, file: RequirementsFile) => Edit;

const req = (file: RequirementsFile, name: string) => {
  const [line] = findRequirement(file, name);
  if (!line) throw new Error(`no ${name}`);
  return line;
};
const lineNo = (file: RequirementsFile, n: number) => file.lines.find((l) => l.line === n)!;

/** [title, input, operation, exact expected output]. */
const CASES: [string, string, Op, string][] = [
  // replaceSpecifier
  ['pin, LF', 'torch==2.5.1\nnumpy\n', (s, f) => replaceSpecifier(s, req(f, 'torch'), '==2.5.1+cpu'), 'torch==2.5.1+cpu\nnumpy\n'],
  ['pin, CRLF', 'numpy\r\ntorch>=2,<3 ; python_version>"3.8"\r\n', (s, f) => replaceSpecifier(s, req(f, 'torch'), '==2.4.0'), 'numpy\r\ntorch==2.4.0 ; python_version>"3.8"\r\n'],
  ['no final newline', 'a==1\ntorch==2.5.1', (s, f) => replaceSpecifier(s, req(f, 'torch'), '==2.6.0'), 'a==1\ntorch==2.6.0'],
  ['add where absent, after extras', 'torch[opt] ; sys_platform=="linux"  # gpu\n', (s, f) => replaceSpecifier(s, req(f, 'torch'), '==2.4.0'), 'torch[opt]==2.4.0 ; sys_platform=="linux"  # gpu\n'],
  ['add where absent, bare name', 'torch\n', (s, f) => replaceSpecifier(s, req(f, 'torch'), '>=2'), 'torch>=2\n'],
  ['inside parentheses', 'torch (>=2.0)\n', (s, f) => replaceSpecifier(s, req(f, 'torch'), '==2.1'), 'torch (==2.1)\n'],
  [
    'hashes on continuation lines stay',
    'torch==2.5.1 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n',
    (s, f) => replaceSpecifier(s, req(f, 'torch'), '==2.6.0'),
    'torch==2.6.0 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\n',
  ],
  // insertLineAfter
  ['after a line, LF', 'a\nb\n', (s, f) => insertLineAfter(s, f, lineNo(f, 1), 'x'), 'a\nx\nb\n'],
  ['after a line, CRLF', 'a\r\nb\r\n', (s, f) => insertLineAfter(s, f, lineNo(f, 1), 'x'), 'a\r\nx\r\nb\r\n'],
  ['after the last line without final newline', 'a\nb', (s, f) => insertLineAfter(s, f, lineNo(f, 2), 'x'), 'a\nb\nx'],
  ['after the last line without final newline, CRLF', 'a\r\nb', (s, f) => insertLineAfter(s, f, lineNo(f, 2), 'x'), 'a\r\nb\r\nx'],
  ['after a continued line', 'a==1 \\\n  --hash=sha256:x\nb\n', (s, f) => insertLineAfter(s, f, lineNo(f, 1), 'x'), 'a==1 \\\n  --hash=sha256:x\nx\nb\n'],
  ['after a dangling continuation', 'a==1 \\\n', (s, f) => insertLineAfter(s, f, lineNo(f, 1), 'x'), 'a==1 \\\n\nx\n'],
  ['after a dangling continuation, no final newline', 'a==1 \\', (s, f) => insertLineAfter(s, f, lineNo(f, 1), 'x'), 'a==1 \\\n\nx'],
  ['at the top', '# head\na\n', (s, f) => insertLineAfter(s, f, 'top', 'x'), 'x\n# head\na\n'],
  ['at the end', 'a\n\n', (s, f) => insertLineAfter(s, f, 'end', 'x'), 'a\n\nx\n'],
  ['at the end, no final newline', 'a', (s, f) => insertLineAfter(s, f, 'end', 'x'), 'a\nx'],
  ['at the end of an empty file', '', (s, f) => insertLineAfter(s, f, 'end', 'x'), 'x\n'],
  // insertLineBefore / insertOptionLine
  ['line before', 'a\nb\n', (s, f) => insertLineBefore(s, lineNo(f, 2), 'x'), 'a\nx\nb\n'],
  ['option before a requirement, CRLF', 'numpy\r\ntorch==2.4.0+cpu\r\n', (s, f) => insertOptionLine(s, f, req(f, 'torch'), '--extra-index-url', 'https://download.pytorch.org/whl/cpu'), 'numpy\r\n--extra-index-url https://download.pytorch.org/whl/cpu\r\ntorch==2.4.0+cpu\r\n'],
  ['option at the top', 'torch\n', (s, f) => insertOptionLine(s, f, 'top', '--extra-index-url', 'https://x'), '--extra-index-url https://x\ntorch\n'],
  ['flag at the end, no final newline', 'torch', (s, f) => insertOptionLine(s, f, 'end', '--pre'), 'torch\n--pre'],
  ['option value that needs quotes', 'a\n', (s, f) => insertOptionLine(s, f, 'top', '--index-url', 'https://h/a b'), '--index-url "https://h/a b"\na\n'],
  // removeLine
  ['remove a middle line', 'a\nb\nc\n', (s, f) => removeLine(s, f, lineNo(f, 2)), 'a\nc\n'],
  ['remove a middle line, CRLF', 'a\r\nb\r\nc\r\n', (s, f) => removeLine(s, f, lineNo(f, 2)), 'a\r\nc\r\n'],
  ['remove a continued line', 'a\nb==1 \\\r\n  --hash=sha256:x\r\nc\n', (s, f) => removeLine(s, f, req(f, 'b')), 'a\nc\n'],
  ['remove the last line without final newline', 'a\nb', (s, f) => removeLine(s, f, lineNo(f, 2)), 'a'],
  ['remove the last line with final newline', 'a\nb\n', (s, f) => removeLine(s, f, lineNo(f, 2)), 'a\n'],
  ['remove the only line without final newline', 'a', (s, f) => removeLine(s, f, lineNo(f, 1)), ''],
  ['remove the first line', 'a\nb', (s, f) => removeLine(s, f, lineNo(f, 1)), 'b'],
  // markers
  ['replace a marker', 'torch==2.4.0+cpu; sys_platform == "linux"  # x\n', (s, f) => setMarker(s, req(f, 'torch'), 'sys_platform != "darwin"'), 'torch==2.4.0+cpu; sys_platform != "darwin"  # x\n'],
  ['add a marker', 'torch==2.4.0 --hash=sha256:a # c\n', (s, f) => setMarker(s, req(f, 'torch'), 'sys_platform == "linux"'), 'torch==2.4.0; sys_platform == "linux" --hash=sha256:a # c\n'],
  ['add a marker after a URL', 'pkg @ https://h/p.whl\n', (s, f) => setMarker(s, req(f, 'pkg'), 'python_version < "4"'), 'pkg @ https://h/p.whl ; python_version < "4"\n'],
  ['remove a marker', 'torch==2 ; sys_platform == "linux"\n', (s, f) => removeMarker(s, req(f, 'torch')), 'torch==2\n'],
  // option values
  ['replace an index URL', '-i https://old/simple  # idx\nx\n', (s, f) => replaceOptionValue(s, lineNo(f, 1).option!, 'https://new/simple'), '-i https://new/simple  # idx\nx\n'],
  ['replace an = value', '--extra-index-url=https://old\n', (s, f) => replaceOptionValue(s, lineNo(f, 1).option!, 'https://new'), '--extra-index-url=https://new\n'],
  ['replace a quoted value', '--find-links "./a b"\n', (s, f) => replaceOptionValue(s, lineNo(f, 1).option!, './c'), '--find-links ./c\n'],
];

describe('edit helpers: input → exact output', () => {
  test.each(CASES)('%s', (_title, input, op, expected) => {
    const src = sourceFromText('req.txt', input, '/repo');
    const edit = op(src, parseRequirements(input));
    expect(edit.file).toBe('/repo/req.txt');
    const out = applyEdits(input, [edit]);
    expect(out).toBe(expected);
    // the result still parses without errors
    expect(parseRequirements(out).errors).toEqual([]);
  });

  test('the edited value reads back', () => {
    const input = 'numpy\ntorch[opt] ; sys_platform=="linux"\n';
    const src = sourceFromText('req.txt', input, '/repo');
    const out = applyEdits(input, [replaceSpecifier(src, req(parseRequirements(input), 'torch'), '==2.4.0+cpu')]);
    const back = req(parseRequirements(out), 'torch').requirement!;
    expect([back.specifier!.text, back.marker!.text]).toEqual(['==2.4.0+cpu', 'sys_platform=="linux"']);
  });

  test('helpers refuse what they cannot do', () => {
    const input = './pkg\n-e .\n--pre\n';
    const src = sourceFromText('req.txt', input, '/repo');
    const f = parseRequirements(input);
    expect(() => replaceSpecifier(src, lineNo(f, 1), '==1')).toThrow(/no version specifier/);
    expect(() => setMarker(src, lineNo(f, 2), 'x')).toThrow(/editable/);
    expect(() => replaceOptionValue(src, lineNo(f, 3).option!, 'x')).toThrow(/no value/);
    expect(() => insertOptionLine(src, f, 'top', '--index-url', 'a #b')).toThrow(/comment/);
  });
});
