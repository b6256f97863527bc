import type { Span, Word } from './model.js';

/** A simple command of a shell script: its words after quote removal, redirections dropped. */
export interface ShellCommand {
  words: Word[];
}

export interface ShellParse {
  commands: ShellCommand[];
  /** Set when the script could not be split (unterminated quote or substitution). */
  error?: { message: string; offset: number };
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '{', '}', '!']);

/**
 * Logical characters of `text[start, end)` with their offsets, after removing what Docker removes
 * before the shell sees a RUN line: escape + newline continuations and comment or blank lines inside them.
 */
export function logicalChars(text: string, start: number, end: number, escape: string | null): { chars: string; offs: number[] } {
  let chars = '';
  const offs: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (escape !== null && c === escape) {
      const m = /^[ \t]*(\r\n|\n|\r)/.exec(text.slice(i + 1, end));
      if (m) {
        i += m[0].length;
        for (;;) {
          const blank = /^([ \t]*(#[^\r\n]*)?)(\r\n|\n|\r)/.exec(text.slice(i + 1, end));
          if (!blank) break;
          i += blank[0].length;
        }
        continue;
      }
    }
    chars += c;
    offs.push(i);
  }
  return { chars, offs };
}

/** Split a shell script into simple commands with word offsets into the original text. */
export function splitShell(text: string, start: number, end: number, escape: string | null): ShellParse {
  const { chars, offs } = logicalChars(text, start, end, escape);
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  let cur = '';
  let first = -1;
  let last = -1;
  let quoted = 0; // quoted segments in the current word
  let plain = 0; // unquoted characters in the current word
  let quoteChar: '"' | "'" | undefined;
  let dropNext = false;
  const at = (i: number): number => offs[i] ?? end;

  const endWord = (): void => {
    if (first < 0) return;
    const word: Word = { text: cur, range: [first, last + 1] as Span };
    if (quoted === 1 && plain === 0 && quoteChar) word.quote = quoteChar;
    const reserved = words.length === 0 && quoted === 0 && RESERVED.has(cur);
    if (!dropNext && !reserved) words.push(word);
    dropNext = false;
    cur = '';
    first = last = -1;
    quoted = plain = 0;
    quoteChar = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push({ words });
    words = [];
  };
  const take = (i: number, ch: string): void => {
    if (first < 0) first = at(i);
    last = at(i);
    cur += ch;
  };
  /** Copy a `$(...)`, `${...}` or backtick span verbatim into the word; returns the index of its last char. */
  const substitution = (i: number): number => {
    const open = chars[i + 1];
    const close = chars[i] === '`' ? '`' : open === '(' ? ')' : '}';
    let depth = 0;
    for (let j = chars[i] === '`' ? i + 1 : i + 2; j < chars.length; j++) {
      const ch = chars[j]!;
      if (ch === '\\') j++;
      else if (close !== '`' && ch === chars[i + 1]) depth++;
      else if (ch === close && depth-- === 0) {
        for (let k = i; k <= j; k++) take(k, chars[k]!);
        return j;
      }
    }
    throw { message: 'unterminated substitution', offset: at(i) };
  };

  try {
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      const next = chars[i + 1];
      if (c === ' ' || c === '\t') endWord();
      else if (c === '\n' || c === '\r') endCommand();
      else if (c === '#' && first < 0) {
        while (i + 1 < chars.length && chars[i + 1] !== '\n' && chars[i + 1] !== '\r') i++;
      } else if (c === "'") {
        const close = chars.indexOf("'", i + 1);
        if (close < 0) throw { message: 'unterminated single quote', offset: at(i) };
        take(i, '');
        cur += chars.slice(i + 1, close);
        last = at(close);
        quoted++;
        quoteChar = "'";
        i = close;
      } else if (c === '"') {
        take(i, '');
        let j = i + 1;
        for (; j < chars.length && chars[j] !== '"'; j++) {
          const ch = chars[j]!;
          if (ch === '\\' && j + 1 < chars.length && '$`"\\\n'.includes(chars[j + 1]!)) {
            j++;
            if (chars[j] !== '\n') cur += chars[j];
          } else if ((ch === '$' && (chars[j + 1] === '(' || chars[j + 1] === '{')) || ch === '`') {
            j = substitution(j);
          } else cur += ch;
        }
        if (j >= chars.length) throw { message: 'unterminated double quote', offset: at(i) };
        last = at(j);
        quoted++;
        quoteChar = '"';
        i = j;
      } else if (c === '\\') {
        if (next === '\n' || next === '\r') i += next === '\r' && chars[i + 2] === '\n' ? 2 : 1;
        else if (next !== undefined) {
          take(i, '');
          take(i + 1, next);
          plain++;
          i++;
        }
      } else if ((c === '$' && (next === '(' || next === '{')) || c === '`') {
        i = substitution(i);
        plain++;
      } else if (c === '>' || c === '<' || (c === '&' && next === '>')) {
        // A redirection: drop an adjacent fd number and the target word.
        if (first >= 0 && quoted === 0 && /^\d+$/.test(cur)) dropNext = true;
        endWord();
        while ('<>&|'.includes(chars[i + 1] ?? ' ')) i++;
        dropNext = true;
      } else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        endCommand();
        if ((c === '&' || c === '|' || c === ';') && next === c) i++;
      } else {
        take(i, c);
        plain++;
      }
    }
    endCommand();
  } catch (err) {
    return { commands, error: err as { message: string; offset: number } };
  }
  return { commands };
}
