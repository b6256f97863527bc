import type { Node, Pair, Scalar, YAMLSeq } from 'yaml';
import { columnOf, insertUnderEmptyPair, keyColumn } from '../../src/compose/edit.js';
import type { YamlFile } from '../../src/compose/parse.js';
import { replaceRange, type Edit } from '../../src/core/edit.js';
import { blockLines, flowText, writtenAsBlock } from './render-value.js';
import { valueText } from './style.js';
import type { Leaf, Value } from './values.js';

/** Offset of the end of the line an offset is on (before its line break). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Whether a pair sits in a flow mapping (`{a: 1, key: …}`): its key follows `{` or `,`. */
function inFlow(file: YamlFile, pair: Pair): boolean {
  const before = file.source.text.slice(0, (pair.key as Node).range![0]).trimEnd();
  return before.endsWith('{') || before.endsWith(',');
}

/**
 * Write a value where a key has none (`cap_drop:` or `cap_drop: ~`): a list in block style as `- item` lines
 * under the key (its end-of-line comment stays on the key's line), anything else after the colon.
 */
export function fillEmptyField(file: YamlFile, pair: Pair, value: Leaf): Edit {
  const text = file.source.text;
  const key = pair.key as Node;
  const node = pair.value as Scalar | null;
  const block = writtenAsBlock(file, value) && !inFlow(file, pair);
  const col = keyColumn(text, key.range![0]);
  const lines = block ? blockLines(file, value).map((l) => ' '.repeat(col) + l) : [];
  const flat = Array.isArray(value) ? flowText(file, value) : valueText(file, value, inFlow(file, pair));
  if (!node || node.range![0] === node.range![1]) {
    if (block) return insertUnderEmptyPair(file, pair, lines);
    const colon = text.indexOf(':', key.range![1]);
    return replaceRange(file.source.path, colon + 1, colon + 1, ' ' + flat);
  }
  // `~` or `null`: replaced.
  if (block) return replaceRange(file.source.path, key.range![1], node.range![1], ':' + file.source.eol + lines.join(file.source.eol));
  return replaceRange(file.source.path, node.range![0], node.range![1], flat);
}

/**
 * Replace a list whole, in its own style: a flow list by a flow list; a block list's items (and the comments
 * among them and on its last line, which described the old items) by new `- item` lines at its items' column.
 * An empty new list is written `key: []`.
 */
export function replaceList(file: YamlFile, pair: Pair, seq: YAMLSeq, value: Value[]): Edit {
  const text = file.source.text;
  const [start, end] = seq.range!;
  if (seq.flow) return replaceRange(file.source.path, start, end, flowText(file, value));
  const last = seq.items.at(-1) as Node | null | undefined;
  // A last item that is a mapping or block scalar ends after its line break: its content ends before it.
  let content = last?.range ? last.range[1] : start;
  while (content > start && (text[content - 1] === '\n' || text[content - 1] === '\r')) content--;
  const stop = lineEnd(text, content);
  if (!value.length) return replaceRange(file.source.path, (pair.key as Node).range![1], stop, ': []');
  const col = columnOf(text, start);
  const eol = file.source.eol;
  return replaceRange(file.source.path, start, stop, blockLines(file, value, 0).join(eol + ' '.repeat(col)));
}
