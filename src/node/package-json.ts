import { removeRange, type Edit } from '../core/edit.js';

/** One `"name": value` member of a JSON object, with offsets into the original text. */
export interface JsonMember {
  key: string;
  /** Offset of the key's opening quote. */
  start: number;
  /** Offset after the value. */
  valueEnd: number;
  /** Offset of the comma after the value, when there is one. */
  comma?: number;
}

/** The members of a top-level section (`dependencies`) of a package.json, with offsets; undefined when absent or not an object. */
export function sectionMembers(text: string, section: string): { open: number; close: number; members: JsonMember[] } | undefined {
  const s = new Scanner(text);
  s.ws();
  if (text[s.i] !== '{') return undefined;
  for (const top of s.object()) {
    if (top.key !== section || text[top.valueStart] !== '{') continue;
    const inner = new Scanner(text, top.valueStart);
    const members = inner.object();
    return { open: top.valueStart, close: inner.i - 1, members };
  }
  return undefined;
}

class Scanner {
  constructor(readonly text: string, public i = 0) {}

  ws(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }

  string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '"') this.string();
    else if (c === '{') this.object();
    else if (c === '[') {
      this.i++;
      this.ws();
      while (this.i < this.text.length && this.text[this.i] !== ']') {
        this.value();
        this.ws();
        if (this.text[this.i] === ',') this.i++;
        this.ws();
      }
      this.i++;
    } else while (this.i < this.text.length && /[^,}\]\s]/.test(this.text[this.i]!)) this.i++;
  }

  /** Members of the object at `i` (which is `{`); leaves `i` after the closing `}`. */
  object(): (JsonMember & { valueStart: number })[] {
    const out: (JsonMember & { valueStart: number })[] = [];
    this.i++;
    this.ws();
    while (this.i < this.text.length && this.text[this.i] !== '}') {
      const start = this.i;
      const key = this.string();
      this.ws();
      this.i++; // ':'
      this.ws();
      const valueStart = this.i;
      this.value();
      const m: JsonMember & { valueStart: number } = { key, start, valueStart, valueEnd: this.i };
      this.ws();
      if (this.text[this.i] === ',') {
        m.comma = this.i;
        this.i++;
      }
      this.ws();
      out.push(m);
    }
    this.i++;
    return out;
  }
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
const onlyWs = (s: string): boolean => /^[ \t]*$/.test(s);

/**
 * Edits removing members of a JSON object, keeping its formatting: a member alone on its line goes with its line;
 * when the last remaining member was followed by a removed one, its trailing comma goes too. Members sharing a
 * line go with the separator after them (or before them, for the last).
 */
export function removeMembers(file: string, text: string, members: readonly JsonMember[], remove: ReadonlySet<string>): Edit[] {
  const edits: Edit[] = [];
  const kept = members.filter((m) => !remove.has(m.key));
  const lastKept = kept[kept.length - 1];
  const lastKeptIndex = lastKept ? members.indexOf(lastKept) : -1;
  const dropsAfterLastKept = members.slice(lastKeptIndex + 1).some((m) => remove.has(m.key));
  if (lastKept?.comma !== undefined && dropsAfterLastKept) edits.push(removeRange(file, lastKept.comma, lastKept.comma + 1));
  for (const [k, m] of members.entries()) {
    if (!remove.has(m.key)) continue;
    const ls = lineStart(text, m.start);
    const after = m.comma !== undefined ? m.comma + 1 : m.valueEnd;
    const nl = text.indexOf('\n', after);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    const restOfLine = text.slice(after, nl < 0 ? text.length : nl).replace(/\r$/, '');
    if (onlyWs(text.slice(ls, m.start)) && onlyWs(restOfLine)) {
      edits.push(removeRange(file, ls, lineEnd));
      continue;
    }
    // Shares its line: take the separator after it, or for the last member the one before it.
    if (m.comma !== undefined) {
      let end = m.comma + 1;
      while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
      edits.push(removeRange(file, m.start, end));
    } else {
      const prev = members[k - 1];
      const from = prev && prev.comma !== undefined && !remove.has(prev.key) && lastKept === prev ? prev.comma : m.start;
      if (from === prev?.comma) {
        // the comma edit above already removes prev.comma: start after it
        edits.push(removeRange(file, from + 1, m.valueEnd));
      } else edits.push(removeRange(file, m.start, m.valueEnd));
    }
  }
  return edits;
}
