import { indentUnit } from '../../src/compose/edit.js';
import type { YamlFile } from '../../src/compose/parse.js';
import { plainText, seqStyle, valueText } from './style.js';
import type { Value } from './values.js';

const isList = (v: Value): v is Value[] => Array.isArray(v);
const isMapping = (v: Value): v is { [key: string]: Value } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as one line of flow YAML (`[ALL]`, `{max-size: 10m}`), strings in the file's quoting style. */
export function flowText(file: YamlFile, value: Value): string {
  if (isList(value)) return `[${value.map((v) => flowText(file, v)).join(', ')}]`;
  if (isMapping(value)) return `{${Object.entries(value).map(([k, v]) => `${plainText(k, true)}: ${flowText(file, v)}`).join(', ')}}`;
  return valueText(file, value, true);
}

/**
 * A list or mapping as block YAML lines, relative to the column of the key it is written under (new text only,
 * never a re-print): lists with the file's item indentation (or `listIndent`), mappings with its indentation unit; an empty
 * collection, and a list inside a list item, as flow.
 */
export function blockLines(file: YamlFile, value: Value, listIndent = seqStyle(file).indent): string[] {
  const unit = indentUnit(file);
  const seqIndent = ' '.repeat(listIndent);
  if (isList(value)) {
    return value.flatMap((item) => {
      if (isMapping(item) && Object.keys(item).length) {
        const [first, ...rest] = mappingLines(file, item);
        return [`${seqIndent}- ${first!}`, ...rest.map((l) => `${seqIndent}  ${l}`)];
      }
      return [`${seqIndent}- ${isList(item) || isMapping(item) ? flowText(file, item) : valueText(file, item)}`];
    });
  }
  if (isMapping(value)) return mappingLines(file, value).map((l) => ' '.repeat(unit) + l);
  return [valueText(file, value)];
}

/** A mapping's entries as block lines at column 0 (nested collections under their keys). */
function mappingLines(file: YamlFile, map: { [key: string]: Value }): string[] {
  return Object.entries(map).flatMap(([k, v]) => {
    const key = plainText(k);
    if ((isList(v) || isMapping(v)) && (isList(v) ? v.length : Object.keys(v).length)) return [`${key}:`, ...blockLines(file, v)];
    return [`${key}: ${isList(v) || isMapping(v) ? flowText(file, v) : valueText(file, v)}`];
  });
}

/** True when a value is written as block lines under its key (a non-empty list in a file that writes lists in block style). */
export function writtenAsBlock(file: YamlFile, value: Value): boolean {
  return isList(value) && value.length > 0 && !seqStyle(file).flow;
}
