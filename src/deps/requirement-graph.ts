import { normalizeName } from '../requirements/index.js';
import { pastRequires } from './data/past-requires.js';
import type { DepIndex } from './dep-index.js';

/** Known requirements of one distribution and where they were read. */
export interface KnownRequirements {
  requires: readonly string[];
  /** `image app-web`, `--site-packages …`, `# via lines of requirements.txt`, `the bundled table (…)`. */
  from: string;
}

/** A lock file's resolved packages and its `# via` edges (parent → the packages it brought in). */
export interface ViaGraph {
  rel: string;
  /** Every package the file pins (normalised). */
  packages: Set<string>;
  children: Map<string, string[]>;
}

const NAME = /^([A-Za-z0-9][A-Za-z0-9._-]*)/;

/**
 * The `# via` annotations of pip-compile / uv export output: `pkg==1 \n    # via flask` and the multi-line form
 * `# via\n    #   flask\n    #   -r requirements.in`. Each names a package that requires the line's package (the
 * generator resolved it so). Undefined when the file has no `# via` line.
 */
export function viaGraph(text: string, rel: string): ViaGraph | undefined {
  const packages = new Set<string>();
  const children = new Map<string, string[]>();
  let current: string | undefined;
  let inVia = false;
  let any = false;
  const edge = (parent: string): void => {
    if (!current || parent.startsWith('-')) return;
    const m = NAME.exec(parent);
    if (!m) return;
    const p = normalizeName(m[1]!);
    const list = children.get(p) ?? [];
    if (!list.includes(current)) list.push(current);
    children.set(p, list);
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (!raw.startsWith(' ') && !raw.startsWith('\t') && !line.startsWith('#') && !line.startsWith('-')) {
      const m = NAME.exec(line);
      current = m ? normalizeName(m[1]!) : undefined;
      if (current) packages.add(current);
      inVia = false;
      continue;
    }
    if (!line.startsWith('#')) continue;
    const body = line.replace(/^#\s*/, '');
    const via = /^via\b\s*(.*)$/.exec(body);
    if (via) {
      any = true;
      inVia = via[1]!.trim() === '';
      if (!inVia) for (const p of via[1]!.split(',')) edge(p.trim());
    } else if (inVia && /^#\s{2,}\S/.test(line)) edge(body.trim());
    else inVia = false;
  }
  return any ? { rel, packages, children } : undefined;
}

/** Requirements per distribution from installed metadata, then lock files' `# via` lines, then the bundled table. */
export class RequirementGraph {
  private readonly closures = new Map<string, { chains: Map<string, string[]>; unknown: string[] }>();

  /** `pins`: the declared version specifier of each distribution (normalised name → `==3.2.25`). */
  constructor(private readonly index: DepIndex, private readonly locks: readonly ViaGraph[], private readonly pins: ReadonlyMap<string, string> = new Map()) {}

  /** Known requirements of `dist`, or undefined when no source lists them. */
  requiresOf(dist: string): KnownRequirements | undefined {
    const installed = this.index.installed.has(dist) ? this.index.requiresOf(dist) : undefined;
    if (installed) return installed;
    for (const l of this.locks) if (l.packages.has(dist)) return { requires: l.children.get(dist) ?? [], from: `the # via lines of ${l.rel}` };
    const table = this.index.requiresOf(dist);
    // The table lists a recent release; a pin to an older one may require more (Django==3.2 requires pytz).
    const past = table && pastRequires(dist, this.pins.get(dist));
    return past ? { requires: [...new Set([...table.requires, ...past.requires])], from: `${table.from}; the pinned ${dist}${this.pins.get(dist)}: ${past.source}` } : table;
  }

  /** Everything `root` requires, transitively (chains from root), and the distributions on the way whose requirements are unknown (root included). */
  closure(root: string): { chains: Map<string, string[]>; unknown: string[] } {
    const hit = this.closures.get(root);
    if (hit) return hit;
    const chains = new Map<string, string[]>();
    const unknown: string[] = [];
    const queue: string[][] = [[root]];
    const seen = new Set<string>([root]);
    while (queue.length) {
      const chain = queue.shift()!;
      const d = chain[chain.length - 1]!;
      const r = this.requiresOf(d);
      if (!r) {
        unknown.push(d);
        continue;
      }
      for (const dep of r.requires) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        chains.set(dep, [...chain, dep]);
        queue.push([...chain, dep]);
      }
    }
    const out = { chains, unknown };
    this.closures.set(root, out);
    return out;
  }
}
