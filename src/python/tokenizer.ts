/**
 * A single-pass Python tokenizer that knows just enough to find statements: strings (all prefixes, triple quotes,
 * PEP 701 f-strings with nested replacement fields), comments, brackets, line continuations and logical lines.
 * It allocates nothing per token; a {@link TokenSink} receives offsets.
 */

/** `ctx` argument of sink calls: the bracket depth at top level, or IN_FIELD inside an f-string replacement field. */
export const IN_FIELD = -1;

/** Op code for `:=` (other operators are passed as their char code, one char at a time). */
export const WALRUS = 0x10000;
/** Op code for a number literal. */
export const NUMBER = 0x10001;

/** String flags. */
export const STR_RAW = 1;
export const STR_BYTES = 2;
/** An f-string or t-string; its parts follow as tokens with ctx IN_FIELD, then `fieldEnd`. */
export const STR_FORMAT = 4;
/** The literal contains a backslash (its value differs from its source text). */
export const STR_ESCAPE = 8;

/** Receives tokens in source order. */
export interface TokenSink {
  /** Before the first token of a logical line at top level; `indent` is its column (tabs to multiples of 8). */
  logicalLine(indent: number): void;
  name(start: number, end: number, ctx: number): void;
  op(code: number, start: number, ctx: number): void;
  /** A string literal; for f-strings only the start is known (`end`, `contentStart`, `contentEnd` are -1). */
  string(start: number, contentStart: number, contentEnd: number, end: number, flags: number, ctx: number): void;
  /** End of a logical line at top level. */
  newline(): void;
  /** An f-string replacement field (or the whole f-string) ended: expression context is gone. */
  fieldEnd(): void;
  error(offset: number, message: string): void;
}

/** An f-string literal part (or format spec), or a replacement field inside one. */
interface Frame {
  field: boolean;
  /** Index in the frame stack of the f-string's outermost literal frame. */
  owner: number;
  quote: number;
  triple: boolean;
  raw: boolean;
  /** Literal frame of a format spec (`{x:>10}`): ends at `}`. */
  spec: boolean;
  /** Bracket depth inside a replacement field. */
  depth: number;
  start: number;
}

// 1: may start an identifier, 2: may continue one (digits). Non-ASCII counts as identifier (PEP 3131).
const ID = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) ID[c] = 1;
  else if (c >= 48 && c <= 57) ID[c] = 2;
}

function isIdStart(c: number): boolean {
  return c >= 128 ? c !== 0xfeff && c !== 0xa0 : ID[c] === 1;
}
function isIdPart(c: number): boolean {
  return c >= 128 ? c !== 0xfeff && c !== 0xa0 : ID[c] !== 0;
}

/** Flags of a string prefix `text[s:e]` (`rb`, `f`, `U`...), or -1 when it is not one. */
function prefixFlags(text: string, s: number, e: number): number {
  let flags = 0;
  let seen = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i) | 0x20;
    let bit: number;
    if (c === 0x72 /* r */) bit = STR_RAW;
    else if (c === 0x62 /* b */) bit = STR_BYTES;
    else if (c === 0x66 /* f */ || c === 0x74 /* t */) bit = STR_FORMAT;
    else if (c === 0x75 /* u */) bit = 16;
    else return -1;
    if (seen & bit) return -1;
    seen |= bit;
    flags |= bit & 15;
  }
  if (seen & 16 && e - s !== 1) return -1; // `u` stands alone
  if (seen & STR_BYTES && seen & STR_FORMAT) return -1;
  return flags;
}

/** Tokenize `text` into `sink`. Never throws on bad input: problems go to `sink.error`. */
export function tokenize(text: string, sink: TokenSink): void {
  const t = text;
  const n = t.length;
  const frames: Frame[] = [];
  let i = n > 0 && t.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineStart = i; // start of the current physical line
  let logicalStart = true; // no token yet on this logical line
  let depth = 0; // bracket depth at top level
  let prevYield = false;
  const hasCR = t.indexOf('\r') >= 0;
  let backslashAt = -1; // cached offset of the next backslash at or after some point (n: none)

  while (i < n) {
    let field: Frame | null = null;
    if (frames.length !== 0) {
      const top = frames[frames.length - 1]!;
      if (!top.field) {
        i = literal(i, top);
        continue;
      }
      field = top;
    }
    const c = t.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12) {
      i++;
      continue;
    }
    if (c === 10 || c === 13) {
      i += c === 13 && t.charCodeAt(i + 1) === 10 ? 2 : 1;
      lineStart = i;
      // Since 3.12 a replacement field may span lines, even in a single-quoted f-string.
      if (field !== null) continue;
      if (depth === 0 && !logicalStart) {
        sink.newline();
        logicalStart = true;
      }
      continue;
    }
    if (c === 35 /* # */) {
      if (!hasCR) {
        // Native search; files with CR line ends (rare) take the char loop so a lone CR ends the comment.
        const j = t.indexOf('\n', i);
        i = j < 0 ? n : j;
        continue;
      }
      i++;
      while (i < n) {
        const d = t.charCodeAt(i);
        if (d === 10 || d === 13) break;
        i++;
      }
      continue;
    }
    if (c === 92 /* \ */) {
      const d = t.charCodeAt(i + 1);
      if (d === 10 || d === 13) {
        i += d === 13 && t.charCodeAt(i + 2) === 10 ? 3 : 2;
        lineStart = i;
      } else {
        sink.error(i, i + 1 >= n ? 'unexpected end of file after line continuation' : 'unexpected character after line continuation');
        i++;
      }
      continue;
    }
    const ctx = field === null ? depth : IN_FIELD;
    if (isIdStart(c)) {
      const s = i;
      i++;
      while (i < n && isIdPart(t.charCodeAt(i))) i++;
      const q = t.charCodeAt(i);
      if ((q === 34 || q === 39) && i - s <= 2) {
        const flags = prefixFlags(t, s, i);
        if (flags >= 0) {
          if (field === null && logicalStart) begin(s);
          i = string(s, i, flags, ctx);
          continue;
        }
      }
      if (s === lineStart && (field !== null || (depth > 0 && !prevYield)) && isRecoveryKeyword(t, s, i)) {
        // A statement keyword at column 0 inside brackets or an f-string field cannot be part of an expression:
        // something was left open. Resync here, so that one typo does not hide the rest of the file.
        if (field !== null) unterminatedFString(0);
        else sink.error(s, 'unclosed bracket before this statement');
        depth = 0;
        if (!logicalStart) sink.newline();
        logicalStart = true;
        field = null;
      }
      if (field === null) {
        if (logicalStart) begin(s);
        prevYield = i - s === 5 && t.startsWith('yield', s);
        sink.name(s, i, depth);
      } else sink.name(s, i, IN_FIELD);
      continue;
    }
    if (field === null && logicalStart) begin(i);
    if (c === 34 || c === 39) {
      i = string(i, i, 0, ctx);
      continue;
    }
    if (c >= 48 && c <= 57) {
      const s = i;
      i++;
      while (i < n) {
        const d = t.charCodeAt(i);
        if (d < 128 && (ID[d] !== 0 || d === 46)) i++;
        else break;
      }
      sink.op(NUMBER, s, ctx);
      continue;
    }
    // Operators, one char at a time.
    if (field === null) {
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) sink.error(i, `unmatched '${String.fromCharCode(c)}'`);
        else depth--;
      } else if (c === 58 && t.charCodeAt(i + 1) === 61) {
        sink.op(WALRUS, i, ctx);
        i += 2;
        continue;
      }
      if (c === 0 || c === 36 || c === 63 || c === 96) sink.error(i, 'invalid character');
      sink.op(c, i, ctx);
      i++;
      continue;
    }
    // Inside a replacement field.
    if (c === 40 || c === 91 || c === 123) field.depth++;
    else if (c === 41 || c === 93) {
      if (field.depth > 0) field.depth--;
    } else if (c === 125) {
      if (field.depth === 0) {
        frames.pop();
        sink.fieldEnd();
        i++;
        continue;
      }
      field.depth--;
    } else if (c === 58 && field.depth === 0) {
      frames.push({ ...field, field: false, spec: true, depth: 0, start: i });
      i++;
      continue;
    }
    sink.op(c, i, ctx);
    i++;
  }

  if (frames.length !== 0) unterminatedFString(0);
  if (depth > 0) sink.error(n, 'unexpected end of file: unclosed bracket');
  if (!logicalStart) sink.newline();

  /** Offset of the first backslash at or after `from` (n when none); amortised O(1) as `from` only grows. */
  function nextBackslash(from: number): number {
    if (backslashAt < from && backslashAt !== n) {
      const j = t.indexOf('\\', from);
      backslashAt = j < 0 ? n : j;
    }
    return backslashAt;
  }

  function begin(at: number): void {
    let col = 0;
    for (let k = lineStart; k < at; k++) {
      const d = t.charCodeAt(k);
      if (d === 9) col = (col >> 3) * 8 + 8;
      else if (d === 12) col = 0;
      else col++;
    }
    logicalStart = false;
    sink.logicalLine(col);
  }

  /** Scan a string whose prefix starts at `s` and quote is at `q`; returns the offset after it. */
  function string(s: number, q: number, flags: number, ctx: number): number {
    const quote = t.charCodeAt(q);
    const triple = t.charCodeAt(q + 1) === quote && t.charCodeAt(q + 2) === quote;
    const open = q + (triple ? 3 : 1);
    if (flags & STR_FORMAT) {
      sink.string(s, -1, -1, -1, flags, ctx);
      frames.push({ field: false, owner: frames.length, quote, triple, raw: (flags & STR_RAW) !== 0, spec: false, depth: 0, start: s });
      return open;
    }
    let k = open;
    if (triple) {
      // Jump from quote to quote with a native search: docstrings are a large part of most files.
      const qs = quote === 34 ? '"' : "'";
      for (;;) {
        const j = t.indexOf(qs, k);
        if (j < 0) {
          sink.error(s, 'unterminated triple-quoted string');
          if (nextBackslash(open) < n) flags |= STR_ESCAPE;
          sink.string(s, open, n, n, flags, ctx);
          return n;
        }
        let b = j;
        while (b > open && t.charCodeAt(b - 1) === 92) b--;
        if ((j - b) & 1) {
          k = j + 1; // escaped quote
          continue;
        }
        if (t.charCodeAt(j + 1) === quote && t.charCodeAt(j + 2) === quote) {
          k = j;
          break;
        }
        k = j + 1;
      }
      if (nextBackslash(open) < k) flags |= STR_ESCAPE;
      sink.string(s, open, k, k + 3, flags, ctx);
      return k + 3;
    }
    // A single-quoted string cannot span lines (except by a backslash-newline); an empty one is `''`.
    if (t.charCodeAt(q + 1) === quote) {
      sink.string(s, q + 1, q + 1, q + 2, flags, ctx);
      return q + 2;
    }
    for (;;) {
      if (k >= n) break;
      const d = t.charCodeAt(k);
      if (d === quote) {
        sink.string(s, open, k, k + 1, flags, ctx);
        return k + 1;
      }
      if (d === 92) {
        flags |= STR_ESCAPE;
        k += t.charCodeAt(k + 1) === 13 && t.charCodeAt(k + 2) === 10 ? 3 : 2;
      } else if (d === 10 || d === 13) break;
      else k++;
    }
    sink.error(s, 'unterminated string literal');
    sink.string(s, open, k, k, flags, ctx);
    return Math.min(k, n);
  }

  /** Scan the literal part of an f-string (or a format spec) from `k`; returns where scanning goes on. */
  function literal(k: number, f: Frame): number {
    const quote = f.quote;
    while (k < n) {
      const d = t.charCodeAt(k);
      if (d === quote) {
        if (!f.triple) {
          if (f.spec) sink.error(k, "f-string: expecting '}'");
          closeFString(f.owner);
          return k + 1;
        }
        if (t.charCodeAt(k + 1) === quote && t.charCodeAt(k + 2) === quote) {
          if (f.spec) sink.error(k, "f-string: expecting '}'");
          closeFString(f.owner);
          return k + 3;
        }
        k++;
      } else if (d === 123 /* { */) {
        if (!f.spec && t.charCodeAt(k + 1) === 123) {
          k += 2;
          continue;
        }
        frames.push({ ...f, field: true, spec: false, depth: 0, start: k });
        return k + 1;
      } else if (d === 125 /* } */) {
        if (f.spec) {
          frames.length -= 2; // the spec and its field
          sink.fieldEnd();
          return k + 1;
        }
        if (t.charCodeAt(k + 1) === 125) k += 2;
        else {
          sink.error(k, "f-string: single '}' is not allowed");
          k++;
        }
      } else if (d === 92 /* \ */) {
        const e = t.charCodeAt(k + 1);
        if (e === 78 /* N */ && !f.raw && t.charCodeAt(k + 2) === 123) {
          // `\N{NAME}`: the braces are part of the escape, not a replacement field.
          let j = k + 3;
          while (j < n && t.charCodeAt(j) !== 125 && t.charCodeAt(j) !== quote && t.charCodeAt(j) !== 10) j++;
          k = t.charCodeAt(j) === 125 ? j + 1 : j;
        } else if (e === 123 || e === 125) k++;
        else k += e === 13 && t.charCodeAt(k + 2) === 10 ? 3 : 2;
      } else if ((d === 10 || d === 13) && !f.triple) {
        unterminatedFString(f.owner);
        return k;
      } else k++;
    }
    unterminatedFString(f.owner);
    return n;
  }

  function closeFString(owner: number): void {
    frames.length = owner;
    sink.fieldEnd();
  }

  function unterminatedFString(owner: number): void {
    sink.error(frames[owner]!.start, 'unterminated f-string literal');
    closeFString(owner);
  }
}

/** Keywords that cannot appear inside an expression at the start of a line: seeing one means a bracket was left open. */
function isRecoveryKeyword(t: string, s: number, e: number): boolean {
  const len = e - s;
  if (len === 6) return t.startsWith('import', s);
  if (len === 4) return t.startsWith('from', s);
  if (len === 3) return t.startsWith('def', s);
  if (len === 5) return t.startsWith('class', s);
  return false;
}
