import { isPair, isScalar, parse, Scalar, visit } from 'yaml';
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
export function valueText(file: YamlFile, value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const style = quoteStyle(file);
  if (style === 'double') return JSON.stringify(value);
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  return plainText(value);
}

/** A value as a plain scalar when YAML reads it back as the same string, else double-quoted. */
export function plainText(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return parse(value) === value && !/^\s|\s$|: | #/.test(value) ? value : JSON.stringify(value);
}
