import { isMap, isScalar, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { insertAt, removeRange, replaceRange, type Edit } from '../core/edit.js';
import { InputError } from '../core/errors.js';
import type { YamlFile } from './parse.js';

/** Column (0-based) of an offset in a text. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

const units = new WeakMap<YamlFile, number>();

/** The file's own indentation step, from its nested block mappings (2 when it has none); computed once per file. */
export function indentUnit(file: YamlFile): number {
  let unit = units.get(file);
  if (unit === undefined) units.set(file, (unit = measureIndentUnit(file)));
  return unit;
}

function measureIndentUnit(file: YamlFile): number {
  const counts = new Map<number, number>();
  const text = file.source.text;
  const visit = (node: unknown, parentCol: number | undefined): void => {
    if (!isMap(node)) return;
    const first = node.items[0];
    const col = !node.flow && first && isScalar(first.key) && first.key.range ? keyColumn(text, first.key.range[0]) : undefined;
    if (col !== undefined && parentCol !== undefined && col > parentCol) counts.set(col - parentCol, (counts.get(col - parentCol) ?? 0) + 1);
    for (const p of node.items) visit(p.value, col ?? parentCol);
  };
  visit(file.doc.contents, undefined);
  let best = 2;
  let n = 0;
  for (const [unit, c] of counts) if (c > n) [best, n] = [unit, c];
  return best;
}

/** Quote a new scalar value the way the old one was written (plain, 'single', "double"). */
export function quoteLike(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** Replace a scalar's value keeping its quoting; a block scalar is bad input at its line (never a crash). */
export function replaceScalar(file: YamlFile, node: Scalar, value: string): Edit {
  if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) {
    // Its header, chomping and indentation make an in-place rewrite unprovable: refused where it is written.
    throw InputError.at(file.source.rel, file.source.text, node.range![0], `cannot edit a value written as a block scalar (${node.type === Scalar.BLOCK_FOLDED ? '>' : '|'}); write it on one line`);
  }
  // compose drops a `!reset` value whatever follows the tag: a value written there would never apply.
  if (node.tag === '!reset') throw InputError.at(file.source.rel, file.source.text, node.range![0], 'cannot edit a value tagged !reset (docker compose drops it); remove the tag to set a value');
  const [start, end] = node.range!;
  return replaceRange(file.source.path, start, end, quoteLike(node, value));
}

/** Replace any node's text (e.g. an alias `*mem` by a literal value). */
export function replaceNode(file: YamlFile, node: Node, text: string): Edit {
  const [start, end] = node.range!;
  return replaceRange(file.source.path, start, end, text);
}

/** Offset just after the line ending of the line that contains `offset` (text length at EOF). */
function afterLine(text: string, offset: number): { at: number; atEof: boolean } {
  if (offset > 0 && text[offset - 1] === '\n') return { at: offset, atEof: false };
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? { at: text.length, atEof: true } : { at: nl + 1, atEof: false };
}

function blockLines(path: readonly string[], value: string, indent: number, unit: number): string[] {
  return path.map((k, i) => ' '.repeat(indent + i * unit) + k + ':' + (i === path.length - 1 ? ' ' + value : ''));
}

function flowText(path: readonly string[], value: string): string {
  let out = value;
  for (let i = path.length - 1; i >= 0; i--) out = i === path.length - 1 ? `${path[i]}: ${out}` : `${path[i]}: {${out}}`;
  return out;
}

/**
 * Insert a missing key path with a value into a mapping, in the file's own style: new lines with its
 * indentation after the last entry of a block mapping, or `, k: v` inside a flow mapping.
 */
export function insertPath(file: YamlFile, map: YAMLMap, path: readonly string[], value: string): Edit {
  if (map.flow) return insertInFlow(file, map, flowText(path, value));
  const lines = blockLines(path, value, mapIndent(file, map), indentUnit(file));
  return insertLinesInMap(file, map, lines);
}

/** Column of a block mapping's keys. */
export function mapIndent(file: YamlFile, map: YAMLMap): number {
  return keyColumn(file.source.text, (map.items[0]!.key as Node).range![0]);
}

/**
 * The column where a mapping entry starts, given its key's offset. A key's range starts after its properties:
 * `!!merge <<: *x` and `&a key:` start the entry at the tag or anchor, which is where a sibling key goes.
 */
export function keyColumn(text: string, keyStart: number): number {
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const props = /(?:(?<=^|[\s-])[!&]\S*[ \t]+)+$/.exec(text.slice(lineStart, keyStart));
  return columnOf(text, props ? lineStart + props.index : keyStart);
}

/** Insert whole lines (already indented, without line endings) after the last entry of a block mapping. */
export function insertLinesInMap(file: YamlFile, map: YAMLMap, lines: readonly string[]): Edit {
  const text = file.source.text;
  const eol = file.source.eol;
  const last = map.items.at(-1)!;
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const { at, atEof } = afterLine(text, lastEnd);
  const body = atEof ? eol + lines.join(eol) : lines.join(eol) + eol;
  return insertAt(file.source.path, at, body);
}

/** Insert lines (already indented) under a pair whose value is empty (`deploy:` with nothing under it). */
export function insertUnderEmptyPair(file: YamlFile, pair: Pair, lines: readonly string[]): Edit {
  const text = file.source.text;
  const key = pair.key as Node;
  const valueNode = pair.value as Node | null;
  const end = valueNode?.range?.[1] ?? key.range![1];
  const { at, atEof } = afterLine(text, Math.max(end, key.range![1]));
  const eol = file.source.eol;
  return insertAt(file.source.path, at, atEof ? eol + lines.join(eol) : lines.join(eol) + eol);
}

/** Insert `k: v` entries (flow text) into a flow mapping, after its last entry. */
export function insertInFlow(file: YamlFile, map: YAMLMap, entries: string): Edit {
  const last = map.items.at(-1);
  if (!last) return insertAt(file.source.path, map.range![1] - 1, entries);
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  return insertAt(file.source.path, lastEnd, `, ${entries}`);
}

/** Remove a pair of a block mapping with its whole lines (its key line through its value's last line). */
export function removePair(file: YamlFile, pair: Pair): Edit {
  const text = file.source.text;
  const key = pair.key as Node;
  const start = text.lastIndexOf('\n', key.range![0] - 1) + 1;
  const end = (pair.value as Node | null)?.range?.[1] ?? key.range![1];
  return removeRange(file.source.path, start, afterLine(text, end).at);
}

/** Offset of a `#` comment in a line's rest (after a node), skipping quoted text; -1 when none. */
function commentStart(rest: string): number {
  let quote = '';
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(rest[i - 1]!))) return i;
  }
  return -1;
}

/**
 * Set or replace the end-of-line comment of the line a node ends on (`value  # comment`). In a flow
 * collection the comment goes after the line's closing brackets, never inside them.
 */
export function setLineComment(file: YamlFile, node: Node, comment: string): Edit {
  const text = file.source.text;
  const end = node.range![1];
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const rest = text.slice(end, lineEnd);
  const hash = commentStart(rest);
  if (hash !== -1) return replaceRange(file.source.path, end + hash, lineEnd, `# ${comment}`);
  const content = rest.trimEnd().length;
  return replaceRange(file.source.path, end + content, lineEnd, `  # ${comment}`);
}

/** The end-of-line comment on the line a node ends on, if any (without the `# `). */
export function lineCommentAfter(file: YamlFile, node: Node): string | undefined {
  const text = file.source.text;
  const end = node.range![1];
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  const rest = text.slice(end, lineEnd).replace(/\r$/, '');
  const hash = commentStart(rest);
  return hash === -1 ? undefined : rest.slice(hash + 1).replace(/^ /, '').trimEnd();
}
