/** A value a recipe sets: a scalar, a list, or a mapping of values (as the config's YAML reads it). */
export type Value = string | number | boolean | Value[] | { [key: string]: Value };

/** A value written at one key path: a scalar or a whole list (mappings are split into their keys). */
export type Leaf = string | number | boolean | Value[];

/** One key path of a service and the value it gets. */
export interface LeafWant {
  path: string[];
  value: Leaf;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a value, as `at: why` (undefined when it can be written): null, or an empty mapping. */
export function valueProblem(value: unknown, at: string): string | undefined {
  if (value === null || value === undefined) return `${at} is null; to take a key out, list it under remove`;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = valueProblem(v, `${at}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (isMapping(value)) {
    if (!Object.keys(value).length) return `${at} is an empty mapping: it sets nothing`;
    for (const [k, v] of Object.entries(value)) {
      const p = valueProblem(v, `${at}.${k}`);
      if (p) return p;
    }
    return undefined;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return `${at} is ${String(value)}, not a number compose reads (write it as a string to mean the text)`;
  if (['string', 'number', 'boolean'].includes(typeof value)) return undefined;
  return `${at} must be a string, number, boolean, list or mapping`;
}

/**
 * A mapping value merges key by key: `logging: {driver: json-file, options: {max-size: 10m}}` is the leaves
 * `logging.driver` and `logging.options.max-size` (keys inside a mapping value are literal: `traefik.enable`
 * stays one key). A list is one leaf: it is the whole list, never merged item by item.
 */
export function leavesOf(path: readonly string[], value: Value): LeafWant[] {
  if (!isMapping(value)) return [{ path: [...path], value: value as Leaf }];
  return Object.entries(value).flatMap(([k, v]) => leavesOf([...path, k], v));
}

/** Two values the same as compose reads them: scalars by their text (`3` and `"3"`), lists item by item, mappings key by key. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isMapping(a) || isMapping(b)) {
    if (!isMapping(a) || !isMapping(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  if (a === null || a === undefined || b === null || b === undefined) return a === b;
  return String(a) === String(b);
}
