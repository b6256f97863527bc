import { describe, expect, it } from 'vitest';
import { splitShell } from '../../src/dockerfile/index.js';

/** Commands of a script as arrays of `text@original-token`. */
function split(script: string, escape: string | null = '\\'): string[][] | string {
  const r = splitShell(script, 0, script.length, escape);
  if (r.error) return `${r.error.message} at ${r.error.offset}`;
  return r.commands.map((c) => c.words.map((w) => (w.text === script.slice(w.range[0], w.range[1]) ? w.text : `${w.text}@${script.slice(w.range[0], w.range[1])}`)));
}

describe('splitShell', () => {
  const cases: [string, string, string[][] | string, (string | null)?][] = [
    ['operators', 'a b && c;d || e | f & g', [['a', 'b'], ['c'], ['d'], ['e'], ['f'], ['g']]],
    ['quotes', `pip install "a b" 'c"d' e"f"g`, [['pip', 'install', 'a b@"a b"', `c"d@'c"d'`, 'efg@e"f"g']]],
    ['escapes in double quotes', 'echo "a\\"b\\$c"', [['echo', 'a"b$c@"a\\"b\\$c"']]],
    ['backslash outside quotes', 'echo a\\ b', [['echo', 'a b@a\\ b']]],
    ['docker continuation with trailing blanks and comment lines', 'a \\  \n# note\n\n  b', [['a', 'b']]],
    ['CRLF continuation', 'a \\\r\n  b', [['a', 'b']]],
    ['backtick escape directive keeps backslashes for the shell', 'a `\n b\\\nc', [['a', 'bc@b\\\nc']], '`'],
    ['substitutions stay in one word', 'pip install $(cat r.txt | tr "\\n" " ") ${X:-y}', [['pip', 'install', '$(cat r.txt | tr "\\n" " ")', '${X:-y}']]],
    ['redirections dropped', 'pip install x >/dev/null 2>&1 < in', [['pip', 'install', 'x']]],
    ['reserved words at command start', 'if true; then pip install x; fi', [['true'], ['pip', 'install', 'x']]],
    ['comments', 'a # b c\nd', [['a'], ['d']]],
    ['newlines split commands in heredoc bodies', 'a\nb c\n', [['a'], ['b', 'c']], null],
    ['unterminated quote', 'pip install "torch', 'unterminated double quote at 12'],
    ['unterminated substitution', 'echo $(ls', 'unterminated substitution at 5'],
  ];
  for (const [name, script, want, escape] of cases) {
    it(name, () => expect(split(script, escape === undefined ? '\\' : escape)).toEqual(want));
  }

  it('sets quote only for a token that is one quoted string', () => {
    const s = `"a" 'b' c"d" "e"'f'`;
    expect(splitShell(s, 0, s.length, '\\').commands[0]!.words.map((w) => w.quote ?? null)).toEqual(['"', "'", null, null]);
  });
});
