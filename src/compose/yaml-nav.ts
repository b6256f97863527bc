import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';

/** Where a value was found while walking a path: through an anchor (shared) or in the block itself. */
export interface Found {
  pair: Pair<Scalar, Node | null>;
  /** The value after resolving a top-level alias. */
  value: Node | null;
  /** Anchor names passed through (merge keys or aliases): non-empty means the value is shared. */
  anchors: string[];
}

/** True when a pair is a YAML merge key (`<<`). */
export function isMergePair(pair: Pair): boolean {
  const k = pair.key;
  return isScalar(k) && (typeof k.value === 'symbol' || k.value === '<<');
}

const anchorIndex = new WeakMap<Document, Map<string, Node[]>>();

/** Every anchored node of a document by name, in source order (built once; documents are never mutated). */
function anchorsOf(doc: Document): Map<string, Node[]> {
  let index = anchorIndex.get(doc);
  if (!index) {
    const built = new Map<string, Node[]>();
    // Every node in source order (pre-order, keys before values, as yaml's visit() goes), without visit()'s paths.
    const walk = (node: unknown): void => {
      if (isPair(node)) {
        walk(node.key);
        walk(node.value);
        return;
      }
      if (node === null || typeof node !== 'object') return;
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor && !isAlias(node)) {
        const list = built.get(anchor);
        if (list) list.push(node as Node);
        else built.set(anchor, [node as Node]);
      }
      if (isCollection(node)) for (const item of node.items) walk(item);
    };
    walk(doc.contents);
    anchorIndex.set(doc, (index = built));
  }
  return index;
}

/**
 * Resolve an alias to its anchored node (the last anchor of that name before it, as YAML defines);
 * other nodes pass through. yaml's own Alias.resolve walks the whole document per call.
 */
export function resolve(doc: Document, node: unknown): { node: Node | null; anchor?: string } {
  if (isAlias(node)) {
    const at = node.range?.[0] ?? Infinity;
    const candidates = anchorsOf(doc).get(node.source) ?? [];
    let target: Node | undefined;
    for (const c of candidates) if ((c.range?.[0] ?? 0) < at) target = c;
    return { node: target ?? null, anchor: node.source };
  }
  return { node: (node as Node | null) ?? null };
}

const targetIndex = new WeakMap<Document, Set<Node>>();

/** Nodes that some alias of the document resolves to (anchors in use), indexed once per document. */
function aliasTargets(doc: Document): Set<Node> {
  let set = targetIndex.get(doc);
  if (!set) {
    const built = new Set<Node>();
    const walk = (node: unknown): void => {
      if (isPair(node)) {
        walk(node.key);
        walk(node.value);
      } else if (isAlias(node)) {
        const target = resolve(doc, node).node;
        if (target) built.add(target);
      } else if (isCollection(node)) for (const item of node.items) walk(item);
    };
    walk(doc.contents);
    targetIndex.set(doc, (set = built));
  }
  return set;
}

/** The anchor name of a node that an alias elsewhere uses (`a: &base` merged by `b: {<<: *base}`), else undefined. */
export function usedAnchor(doc: Document, node: unknown): string | undefined {
  return node && aliasTargets(doc).has(node as Node) ? (node as { anchor?: string }).anchor : undefined;
}

/**
 * Writing a service's own value at `path` would write into a node other services reach through an alias: the
 * service mapping itself, a mapping on the way (an insertion lands there) or the scalar. Returns its anchor.
 * An alias on the way (`deploy: *d`) is copied by the writer, so it does not count.
 */
export function sharedOwnNode(doc: Document, map: YAMLMap, path: readonly string[]): string | undefined {
  let cur: YAMLMap = map;
  for (let i = 0; i < path.length; i++) {
    const anchor = usedAnchor(doc, cur);
    if (anchor) return anchor;
    const own = ownPair(cur, path[i]!);
    if (!own || isAlias(own.value)) return undefined;
    if (i === path.length - 1) return usedAnchor(doc, own.value);
    if (!isMap(own.value)) return undefined;
    cur = own.value;
  }
  return undefined;
}

/**
 * A definition that does not set `path` but cuts it off for the files before it: a mapping on the way tagged
 * `!override` (it replaces what earlier files set under it) or `!reset` (it drops it), as compose merges.
 */
export function cutOff(map: YAMLMap, path: readonly string[]): boolean {
  let cur: unknown = map;
  for (const key of path) {
    if (!isMap(cur)) return false;
    const own = ownPair(cur, key);
    if (!own) return false;
    const tag = (own.value as { tag?: string } | null)?.tag;
    if (tag === '!reset' || tag === '!override') return true;
    cur = own.value;
  }
  return false;
}

/** Own (non-merge) pair of a mapping by key. */
export function ownPair(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  for (const p of map.items) {
    if (!isMergePair(p) && isScalar(p.key) && String(p.key.value) === key) return p as Pair<Scalar, Node | null>;
  }
  return undefined;
}

/** Look a key up in a mapping, own pairs first, then its merge sources in YAML order. */
export function lookup(doc: Document, map: YAMLMap, key: string, anchors: string[] = []): Found | undefined {
  const own = ownPair(map, key);
  if (own) {
    const r = resolve(doc, own.value);
    // An anchor written right here (`mem_limit: &m 128m`) is shared too when an alias elsewhere uses it.
    const anchor = r.anchor ?? usedAnchor(doc, r.node);
    return { pair: own, value: r.node, anchors: anchor ? [...anchors, anchor] : anchors };
  }
  for (const p of map.items) {
    if (!isMergePair(p)) continue;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    for (const s of sources) {
      const r = resolve(doc, s);
      if (isMap(r.node)) {
        const found = lookup(doc, r.node, key, r.anchor ? [...anchors, r.anchor] : anchors);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** Walk a key path from a mapping; undefined when any step is missing or not a mapping. */
export function lookupPath(doc: Document, map: YAMLMap, path: readonly string[]): Found | undefined {
  let cur: YAMLMap = map;
  // A service mapping that is itself an anchor others merge (`a: &base`) shares every value in it.
  const own = usedAnchor(doc, map);
  let anchors: string[] = own ? [own] : [];
  let found: Found | undefined;
  for (let i = 0; i < path.length; i++) {
    found = lookup(doc, cur, path[i]!, anchors);
    if (!found) return undefined;
    anchors = found.anchors;
    if (i < path.length - 1) {
      if (!isMap(found.value)) return undefined;
      cur = found.value;
    }
  }
  return found;
}
