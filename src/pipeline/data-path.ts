/** A path into parsed data: mapping keys and list indexes (`['services', 'api', 'ports', 0]`). */
export type DataPath = readonly (string | number)[];

/** One string per path, for Set/Map look-ups (`services\0api\0mem_limit`); an index counts as its digits. */
export function pathKey(path: DataPath): string {
  return path.join('\u0000');
}

/** Dotted for people: `services.api.mem_limit`. */
export function dotted(path: DataPath): string {
  return path.join('.');
}

/** A value for a message: JSON, cut to 60 characters (`"128M"`, `{"driver":"local"}`). */
export function show(v: unknown): string {
  const text = v === undefined ? 'nothing' : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Whether `prefix` is `path` or lies above it (indexes compared as text, as parsed keys are). */
export function isPrefix(prefix: DataPath, path: DataPath): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => String(k) === String(path[i]));
}

/** The value at a path of plain data, undefined when any step is missing. */
export function valueAt(value: unknown, path: DataPath): unknown {
  let cur = value;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Read-back equality: scalars by their text (compose reads `3` and "3" alike), lists item by item, mappings key by key. */
export function sameData(got: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => sameData(got[i], w));
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return false;
    const keys = Object.keys(want);
    return keys.length === Object.keys(got).length && keys.every((k) => sameData((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k]));
  }
  return String(got) === String(want);
}
