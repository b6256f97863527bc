import type { Span } from './model.js';

/**
 * A logical line as pip's `join_lines` builds it: the text pip parses (`logical`, continuations joined)
 * and a map from each of its characters back to the original text.
 */
export interface RawLogicalLine {
  start: number;
  end: number;
  endWithEol: number;
  /** 1-based first physical line. */
  line: number;
  physicalLines: number;
  danglingContinuation: boolean;
  logical: string;
  /** Source offset of each logical character (virtual characters map to the next real one). */
  srcOf: number[];
  /** Source end offset after each logical character (`srcEnd[i]` = end of a range ending after char i). */
  srcEnd: number[];
}

interface Physical {
  start: number;
  contentEnd: number;
  eolEnd: number;
}

/** Physical lines; only `\n` and `\r\n` end a line (a lone `\r` is content, as LineIndex counts it). */
function physicalLines(text: string): Physical[] {
  const out: Physical[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1) {
      out.push({ start: pos, contentEnd: text.length, eolEnd: text.length });
      break;
    }
    const contentEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    out.push({ start: pos, contentEnd, eolEnd: nl + 1 });
    pos = nl + 1;
  }
  return out;
}

// pip's COMMENT_RE.match: a physical line that starts (after whitespace) with `#` never continues.
const COMMENT_LINE = /^\s*#/;

/** Split a text into logical lines exactly as pip's `join_lines` does (`\` at the end continues). */
export function logicalLines(text: string): RawLogicalLine[] {
  const phys = physicalLines(text);
  const out: RawLogicalLine[] = [];
  let i = 0;
  while (i < phys.length) {
    const first = i;
    let logical = '';
    const srcOf: number[] = [];
    const srcEnd: number[] = [];
    const push = (from: number, to: number): void => {
      logical += text.slice(from, to);
      for (let k = from; k < to; k++) {
        srcOf.push(k);
        srcEnd.push(k + 1);
      }
    };
    let dangling = false;
    for (;;) {
      const p = phys[i]!;
      const content = text.slice(p.start, p.contentEnd);
      const isComment = COMMENT_LINE.test(content);
      if (content.endsWith('\\') && !isComment) {
        // pip appends `line.strip("\\")`: leading and trailing backslashes both go.
        let a = p.start;
        let b = p.contentEnd;
        while (b > a && text.charCodeAt(b - 1) === 92) b--;
        while (a < b && text.charCodeAt(a) === 92) a++;
        push(a, b);
        if (i + 1 >= phys.length) {
          dangling = true;
          break;
        }
        i++;
        continue;
      }
      if (isComment && i > first) {
        // pip prefixes " " so the comment is still recognised after joining; a virtual character.
        logical += ' ';
        srcOf.push(p.start);
        srcEnd.push(p.start);
      }
      push(p.start, p.contentEnd);
      break;
    }
    const last = phys[i]!;
    const start = phys[first]!.start;
    out.push({
      start,
      end: last.contentEnd,
      endWithEol: last.eolEnd,
      line: first + 1,
      physicalLines: i - first + 1,
      danglingContinuation: dangling,
      logical,
      srcOf,
      srcEnd,
    });
    i++;
  }
  return out;
}

/** Maps logical offsets of one line to source offsets. */
export class LineMapper {
  constructor(private readonly raw: RawLogicalLine) {}

  /** Source offset where a range starting at logical offset `l` starts. */
  startOf(l: number): number {
    const { srcOf, srcEnd, end } = this.raw;
    if (l < srcOf.length) return srcOf[l]!;
    return srcEnd.length > 0 ? srcEnd[srcEnd.length - 1]! : end;
  }

  /** Source offset where a range ending at logical offset `l` (exclusive) ends. */
  endOf(l: number): number {
    if (l <= 0) return this.startOf(0);
    return this.raw.srcEnd[l - 1]!;
  }

  /** A span of logical [ls, le); an empty span sits right after the previous character. */
  span(ls: number, le: number): Span {
    const end = this.endOf(le);
    const start = ls === le ? end : this.startOf(ls);
    return { start, end, text: this.raw.logical.slice(ls, le) };
  }
}
