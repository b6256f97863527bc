import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LockEdges } from './lock-edges.js';

/** Sections of a yarn lock entry that name what the package needs installed beside it. */
const SECTIONS = new Set(['dependencies', 'peerDependencies', 'optionalDependencies']);
/** `"@scope/name@^1.0.0"`, `name@npm:^2`: the name before the range. */
const SPEC_NAME = /^((?:@[^@/\s]+\/)?[^@/\s]+)@/;

/**
 * The edges `yarn.lock` records: each entry's dependencies and optionalDependencies, and with Yarn 2+ (a
 * `__metadata:` block) its peerDependencies. A Yarn 1 lock records no peers (`peers: false`): a kept package may
 * peer-depend on any declared package, and Yarn 1 never installs a peer that package.json does not declare.
 * Undefined without a yarn lock, or one with no entries.
 */
export function yarnLockEdges(dir: string): LockEdges | undefined {
  const file = path.join(dir, 'yarn.lock');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const berry = /^__metadata:/m.test(text);
  const requires = new Map<string, Set<string>>();
  const installed = new Set<string>();
  let names: string[] = [];
  let entries = 0;
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      // `"a@^1", "a@^1.2":` (Yarn 1) or `"a@npm:^1, a@npm:^1.2":` (Yarn 2+): every spec names one package.
      names = line.replace(/:\s*$/, '').replace(/"/g, '').split(/,\s*/).map((s) => SPEC_NAME.exec(s.trim())?.[1]).filter((n): n is string => n !== undefined && n !== '__metadata');
      if (names.length) entries++;
      for (const n of names) installed.add(n);
      inSection = false;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (indent === 2) inSection = SECTIONS.has(line.trim().replace(/:.*$/, ''));
    else if (indent === 4 && inSection) {
      const name = /^"?((?:@[^@/\s"]+\/)?[^@/\s":]+)"?[:\s]/.exec(line.trim())?.[1];
      if (!name) continue;
      for (const n of names) requires.set(n, (requires.get(n) ?? new Set<string>()).add(name));
    }
  }
  if (!entries) return undefined;
  return { file, requires, installed, peers: berry, ...(berry ? {} : { lockfileVersion: 1 }) };
}
