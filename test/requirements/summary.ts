import type { LogicalLine } from '../../src/requirements/index.js';

/** A line described by slicing the ORIGINAL text with its ranges, so tables check exact offsets. */
export interface LineSummary {
  kind: string;
  whole?: string;
  form?: string;
  editable?: true;
  name?: string;
  normalized?: string;
  extras?: string;
  items?: string[];
  /** Specifier slice; `@N` appended when it is an empty insertion point at offset N. */
  spec?: string;
  parens?: true;
  url?: string;
  marker?: string;
  semicolon?: string;
  comment?: string;
  options?: string[];
  hashes?: string[];
  error?: string;
  /** Words pip reads past: `slice@message`. */
  ignored?: string[];
}

/** Summarise one line; option entries read `written|name|valueSlice|valueText`. */
export function summarize(text: string, l: LogicalLine): LineSummary {
  const s: LineSummary = { kind: l.kind };
  const cut = (a: number, b: number): string => text.slice(a, b);
  const r = l.requirement;
  if (r) {
    s.whole = cut(r.start, r.end);
    s.form = r.form;
    if (r.editable) s.editable = true;
    if (r.name) {
      s.name = cut(r.name.start, r.name.end);
      s.normalized = r.name.normalized;
    }
    if (r.extras) {
      s.extras = cut(r.extras.start, r.extras.end);
      s.items = r.extras.items;
    }
    if (r.specifier) {
      const { start, end } = r.specifier;
      s.spec = start === end ? `@${start}` : cut(start, end);
      if (r.specifier.parenthesized) s.parens = true;
    }
    if (r.url) s.url = cut(r.url.start, r.url.end);
    if (r.marker) {
      s.marker = cut(r.marker.start, r.marker.end);
      s.semicolon = cut(r.marker.semicolon, r.marker.semicolon + 1);
    }
    if (r.hashes.length) s.hashes = r.hashes;
  }
  if (l.comment) s.comment = cut(l.comment.start, l.comment.end);
  if (l.options.length) {
    s.options = l.options.map((o) => [cut(o.written.start, o.written.end), o.name + (o.known ? '' : '?'), o.value ? cut(o.value.start, o.value.end) : '', o.value?.text ?? ''].join('|'));
  }
  if (l.error) s.error = l.error;
  if (l.ignored) s.ignored = l.ignored.map((e) => `${/^\S*/.exec(text.slice(e.offset))![0]}@${e.message}`);
  return s;
}
