import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { InputError } from '../core/errors.js';
import { formatMemory, parseMemory } from '../compose/memory.js';
import type { YamlFile } from '../compose/parse.js';
import type { OptionSpec, TransformMeta } from '../transform/types.js';

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
    case 'any':
      // Free-form values (a recipe's `set:`): the transform checks them; here only YAML's own meaning.
      return node === null ? null : (node.toJSON() as unknown);
    case 'boolean':
      return typeof scalar === 'boolean' ? scalar : fail('expected true or false');
    case 'number':
      if (typeof scalar !== 'number') return fail('expected a number');
      if (spec.min !== undefined && scalar < spec.min) return fail(`must be at least ${spec.min}, got ${scalar}`);
      if (spec.max !== undefined && scalar > spec.max) return fail(`must be at most ${spec.max}, got ${scalar}`);
      return scalar;
    case 'string':
      return typeof scalar === 'string' ? scalar : fail('expected a string');
    case 'enum':
      return typeof scalar === 'string' && spec.values?.includes(scalar) ? scalar : fail(`expected one of ${spec.values?.join(', ')}`);
    case 'size': {
      if (typeof scalar === 'string' && spec.values?.includes(scalar)) return scalar;
      const bytes = typeof scalar === 'string' || typeof scalar === 'number' ? parseMemory(scalar) : undefined;
      if (bytes === undefined) return fail(`expected a size such as 128M${spec.values?.length ? ` or ${spec.values.join(', ')}` : ''}`);
      // 0 means "no limit" to Docker: a policy size of 0 would silently lift a limit.
      if (bytes === 0 || !Number.isSafeInteger(bytes)) return fail(`expected a positive size such as 128M, got ${String(scalar)}${spec.values?.length ? ` (${spec.values.join(', ')} for no limit)` : ''}`);
      if (spec.min !== undefined && bytes < spec.min) return fail(`must be at least ${formatMemory(spec.min)}, got ${String(scalar)}`);
      if (spec.max !== undefined && bytes > spec.max) return fail(`must be at most ${formatMemory(spec.max)}, got ${String(scalar)}`);
      return bytes;
    }
    case 'percent': {
      // A bare 0.4 reads as 0.4% but is often meant as 40%: taken as 0.4%, `target: {usage: 0.4}` raised a
      // 128M limit to 24 GiB. A number of at most 1 without the % sign is refused as ambiguous.
      if (typeof scalar === 'number' && scalar > 0 && scalar <= 1) return fail(`${scalar} is ambiguous (${Math.round(scalar * 10000) / 100}% or ${scalar}%?): write the % sign, e.g. ${Math.round(scalar * 10000) / 100}%`);
      const p = parsePercent(scalar);
      if (p === undefined || p < 0 || p > 10) return fail('expected a percentage such as 50%');
      const pct = (f: number): string => `${Math.round(f * 10000) / 100}%`;
      if (spec.above !== undefined && !(p > spec.above)) return fail(`must be above ${pct(spec.above)}, got ${String(scalar)}`);
      if (spec.min !== undefined && p < spec.min) return fail(`must be at least ${pct(spec.min)}, got ${String(scalar)}`);
      if (spec.max !== undefined && p > spec.max) return fail(`must be at most ${pct(spec.max)}, got ${String(scalar)}`);
      return p;
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
        const sub = spec.keys?.[name] ?? spec.additional;
        if (!sub) {
          throw InputError.at(file.source.rel, file.source.text, (pair.key as Node).range![0], `unknown key "${key}.${name}" (allowed: ${Object.keys(spec.keys ?? {}).join(', ')})`);
        }
        out[name] = validateOption(file, pair.value as Node | null, sub, `${key}.${name}`);
      }
      const bad = spec.check?.(out);
      if (bad) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === bad.key);
        throw InputError.at(file.source.rel, file.source.text, (pair?.key as Node | undefined)?.range?.[0] ?? node.range?.[0] ?? 0, `${key}.${bad.key}: ${bad.message}`);
      }
      return out;
    }
  }
}

/** Options that exclude each other (`set` with `target`): an InputError at the later key, naming both. */
export function checkExclusive(file: YamlFile, node: YAMLMap, exclusive: TransformMeta['exclusive'], options: Record<string, unknown>): void {
  for (const group of exclusive ?? []) {
    const present = group.filter((k) => k in options);
    if (present.length < 2) continue;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === present[1]);
    throw InputError.at(file.source.rel, file.source.text, (pair?.key as Node | undefined)?.range?.[0] ?? node.range?.[0] ?? 0, `${present.join(' and ')} cannot be used together in one policy (use one or the other)`);
  }
}
