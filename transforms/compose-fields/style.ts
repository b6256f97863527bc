import { isMap, isPair, isScalar, isSeq, parse, Scalar, visit } from 'yaml';
import { columnOf, indentUnit, keyColumn } from '../../src/compose/edit.js';
import type { YamlFile } from '../../src/compose/parse.js';

type Quote = 'plain' | 'double' | 'single';
const styles = new WeakMap<YamlFile, Quote>();

/** How the file writes its string values (keys not counted): the most used of plain, "double", 'single'. */
export function quoteStyle(file: YamlFile): Quote {
  let style = styles.get(file);
  if (style) return style;
  const counts: Record<Quote, number> = { plain: 0, double: 0, single: 0 };
  visit(file.doc, {
    Pair(_k, pair) {
      if (!isPair(pair) || !isScalar(pair.value) || typeof pair.value.value !== 'string') return;
      const t = pair.value.type;
      counts[t === Scalar.QUOTE_DOUBLE ? 'double' : t === Scalar.QUOTE_SINGLE ? 'single' : 'plain']++;
    },
  });
  style = counts.double > counts.plain && counts.double >= counts.single ? 'double' : counts.single > counts.plain ? 'single' : 'plain';
  styles.set(file, style);
  return style;
}

/** Text of a new value, in the file's quoting style; a plain string YAML would read as something else is quoted. */
export function valueText(file: YamlFile, value: string | number | boolean, flow = false): string {
  if (typeof value !== 'string') return String(value);
  const style = quoteStyle(file);
  if (style === 'double') return JSON.stringify(value);
  if (style === 'single' && singleQuotable(value)) return `'${value.replace(/'/g, "''")}'`;
  if (style === 'single') return JSON.stringify(value);
  return plainText(value, flow);
}

/** Whether a 'single-quoted' scalar holds the string as it is: no line breaks (folded to spaces) or control characters. */
export const singleQuotable = (value: string): boolean => !/[\x00-\x08\x0a-\x1f\x7f\u2028\u2029\ufeff]/.test(value);

// What a YAML 1.1 reader (Compose v1, many linters) takes for a boolean or a base-60 number: quoted, as `restart: "no"` is.
const YAML11 = /^(y|yes|n|no|true|false|on|off)$|^[-+]?\d[\d_]*(:[0-5]?\d)+(\.\d*)?$/i;

/** A value as a plain scalar when YAML (1.2, and 1.1) reads it back as the same string, else double-quoted (`flow`: inside [ ] or { }). */
export function plainText(value: string | number | boolean, flow = false): string {
  if (typeof value !== 'string') return String(value);
  const plain = value !== '' && !YAML11.test(value) && !/^\s|\s$|: |:$| #|^[?:,[\]{}#&*!|>'"%@`]|^- /.test(value) && !(flow && /[,[\]{}]/.test(value)) && readsAs(value) === value;
  return plain ? value : JSON.stringify(value);
}

function readsAs(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** How the file writes a list under a key of a block mapping: flow (`[a, b]`) or block, and the block items' indent. */
export interface SeqStyle {
  flow: boolean;
  /** Columns from the key to its items' `-` (0: `key:` then `- a` at the key's column). */
  indent: number;
}

const seqStyles = new WeakMap<YamlFile, SeqStyle>();

/** The file's most used list style under block mappings (block with its indentation unit when it has no list). */
export function seqStyle(file: YamlFile): SeqStyle {
  let style = seqStyles.get(file);
  if (style) return style;
  const text = file.source.text;
  let flow = 0;
  const indents = new Map<number, number>();
  visit(file.doc, {
    Pair(_k, pair, path) {
      const parent = path.at(-1);
      if (!isSeq(pair.value) || !isScalar(pair.key) || !pair.key.range || !pair.value.range || (isMap(parent) && parent.flow)) return;
      if (pair.value.flow) flow++;
      else {
        const d = columnOf(text, pair.value.range[0]) - keyColumn(text, pair.key.range[0]);
        indents.set(d, (indents.get(d) ?? 0) + 1);
      }
    },
  });
  const block = [...indents.values()].reduce((a, b) => a + b, 0);
  let indent = indentUnit(file);
  let most = 0;
  for (const [d, n] of indents) if (n > most) [indent, most] = [d, n];
  style = { flow: flow > block, indent };
  seqStyles.set(file, style);
  return style;
}
