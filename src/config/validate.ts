import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { InputError } from '../core/errors.js';
import { parseMemory } from '../compose/memory.js';
import type { YamlFile } from '../compose/parse.js';
import type { OptionSpec } from '../transform/types.js';

/** Parse `50%` (or a number of percent) to a fraction. */
export function parsePercent(value: unknown): number | undefined {
  if (typeof value === 'number') return value / 100;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  return m ? Number(m[1]) / 100 : undefined;
}

/**
 * Check a config node against an option spec and return the normalised value (sizes as bytes, percents
 * as fractions). A bad key or value is an InputError at its line naming the key.
 */
export function validateOption(file: YamlFile, node: Node | null, spec: OptionSpec, key: string): unknown {
  const fail = (message: string): never => {
    throw InputError.at(file.source.rel, file.source.text, node?.range?.[0] ?? 0, `${key}: ${message}`);
  };
  const scalar = isScalar(node) ? node.value : undefined;
  switch (spec.type) {
    case 'boolean':
      return typeof scalar === 'boolean' ? scalar : fail('expected true or false');
    case 'number':
      return typeof scalar === 'number' ? scalar : fail('expected a number');
    case 'string':
      return typeof scalar === 'string' ? scalar : fail('expected a string');
    case 'enum':
      return typeof scalar === 'string' && spec.values?.includes(scalar) ? scalar : fail(`expected one of ${spec.values?.join(', ')}`);
    case 'size': {
      if (typeof scalar === 'string' && spec.values?.includes(scalar)) return scalar;
      const bytes = typeof scalar === 'string' || typeof scalar === 'number' ? parseMemory(scalar) : undefined;
      return bytes ?? fail(`expected a size such as 128M${spec.values?.length ? ` or ${spec.values.join(', ')}` : ''}`);
    }
    case 'percent': {
      const p = parsePercent(scalar);
      return p !== undefined && p >= 0 && p <= 10 ? p : fail('expected a percentage such as 50%');
    }
    case 'string[]': {
      if (typeof scalar === 'string') return [scalar];
      if (!isSeq(node)) return fail('expected a list of strings');
      return node.items.map((item, i) => (isScalar(item) && typeof item.value === 'string' ? item.value : validateOption(file, item as Node, { type: 'string', description: '' }, `${key}[${i}]`)));
    }
    case 'object': {
      if (!isMap(node)) return fail('expected a mapping');
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        const sub = spec.keys?.[name];
        if (!sub) {
          throw InputError.at(file.source.rel, file.source.text, (pair.key as Node).range![0], `unknown key "${key}.${name}" (allowed: ${Object.keys(spec.keys ?? {}).join(', ')})`);
        }
        out[name] = validateOption(file, pair.value as Node | null, sub, `${key}.${name}`);
      }
      return out;
    }
  }
}
