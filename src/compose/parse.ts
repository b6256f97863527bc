import { isCollection, isMap, isPair, isScalar, parse, parseDocument, type Document, type Pair } from 'yaml';
import { InputError } from '../core/errors.js';
import type { SourceFile } from '../core/source.js';

/** A YAML file parsed with node ranges (always kept by yaml; CST tokens are not needed, and cost ~20%); the text is never re-printed. */
export interface YamlFile {
  source: SourceFile;
  doc: Document.Parsed;
}

/** Alias expansion limit for toJS (yaml counts expanded nodes): a bomb fails here; real files with many merge keys (getsentry: over 100) load. */
export const MAX_ALIAS_COUNT = 10_000;

/** A scalar as the core schema reads it (`null` → null, `5` → 5, `128m` → '128m'), for the values of compose's tags. */
function coreScalar(text: string): unknown {
  try {
    const v: unknown = parse(text);
    return v !== null && typeof v === 'object' ? text : v;
  } catch {
    return text;
  }
}

/**
 * Compose's merge tags (`!reset`: drop the value an earlier file set; `!override`: replace it instead of
 * merging). Registered so a tagged scalar reads as its plain value (`mem_limit: !reset null` is null, not the
 * string "null"); a tagged mapping or list reads as one anyway. Their meaning is applied by the readers
 * (tagOf; memory-setting stops at a `!reset`), and an edit never lands on a `!reset` value (replaceScalar).
 */
const COMPOSE_TAGS = ['!reset', '!override'].map((tag) => ({ tag, resolve: (text: string) => coreScalar(text) }));

/** Parse YAML keeping ranges; any syntax error, duplicate key or alias bomb is an InputError. */
export function parseYaml(source: SourceFile): YamlFile {
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic in services):
  // it is off, and duplicateKey() does the same check with one Set per mapping.
  const doc = parseDocument(source.text, { merge: true, uniqueKeys: false, prettyErrors: false, customTags: COMPOSE_TAGS });
  const first = doc.errors[0];
  if (first) {
    let message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (first.code === 'MULTIPLE_DOCS') message = 'several YAML documents (---) in one file; composeshift reads one document per compose file';
    throw InputError.at(source.rel, source.text, first.pos[0], `invalid YAML: ${message}`);
  }
  const dup = duplicateKey(doc);
  if (dup !== undefined) throw InputError.at(source.rel, source.text, dup, 'invalid YAML: Map keys must be unique');
  const file = { source, doc };
  toJs(file);
  parsedBySource.set(source, file);
  return file;
}

const parsedBySource = new WeakMap<SourceFile, YamlFile>();

/** The parse of a source file made earlier in this run (verify compares old and new without parsing twice). */
export function parsedOf(source: SourceFile): YamlFile | undefined {
  return parsedBySource.get(source);
}

const jsCache = new WeakMap<YamlFile, { value: unknown }>();

/** The file's data as plain JS (aliases and merge keys resolved, the alias limit kept); computed once. */
export function toJs(file: YamlFile): unknown {
  const cached = jsCache.get(file);
  if (cached) return cached.value;
  try {
    const value = file.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    jsCache.set(file, { value });
    return value;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw InputError.at(file.source.rel, file.source.text, 0, `cannot resolve YAML aliases: ${message}`);
  }
}

/** Offset of the first key that repeats an earlier scalar key of its mapping (yaml's rule: equal values), in one walk. */
function duplicateKey(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  // Pre-order, keys before values, as yaml's visit() goes; a plain recursion allocates no path per node.
  const walk = (node: unknown): boolean => {
    if (!isCollection(node)) return false;
    if (isMap(node)) {
      const at = repeatedKey(node.items);
      if (at !== undefined) {
        found = at;
        return true;
      }
    }
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (walk(item.key) || walk(item.value)) return true;
      } else if (walk(item)) return true;
    }
    return false;
  };
  walk(doc.contents);
  return found;
}

/** Offset of the first scalar key equal (SameValueZero, as a Set compares) to an earlier one; small mappings without a Set. */
function repeatedKey(items: readonly Pair[]): number | undefined {
  if (items.length > 12) {
    const seen = new Set<unknown>();
    for (const pair of items) {
      if (!isScalar(pair.key)) continue;
      const k = pair.key.value;
      if (seen.has(k)) return pair.key.range?.[0] ?? 0;
      seen.add(k);
    }
    return undefined;
  }
  for (let i = 1; i < items.length; i++) {
    const key = items[i]!.key;
    if (!isScalar(key)) continue;
    const k = key.value;
    for (let j = 0; j < i; j++) {
      const prev = items[j]!.key;
      if (isScalar(prev) && (prev.value === k || (prev.value !== prev.value && k !== k))) return key.range?.[0] ?? 0;
    }
  }
  return undefined;
}
