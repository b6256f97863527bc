import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeName } from '../requirements/index.js';

/**
 * Unconditional runtime requirements of every distribution in a site-packages folder, from `*.dist-info/METADATA`
 * `Requires-Dist:` headers. Requirements guarded by an `extra ==` marker are left out (they are installed only when
 * the extra is asked for); other markers are kept, as the analysis cannot evaluate them for the image.
 */
export function readRequiresDist(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!entry.endsWith('.dist-info')) continue;
    let text: string;
    try {
      text = readFileSync(path.join(dir, entry, 'METADATA'), 'utf8');
    } catch {
      continue;
    }
    let name: string | undefined;
    const reqs: string[] = [];
    for (const line of text.split(/\r?\n/)) {
      if (line === '') break;
      const n = /^Name:\s*(.+?)\s*$/i.exec(line);
      if (n) name = n[1];
      const r = /^Requires-Dist:\s*([A-Za-z0-9][A-Za-z0-9._-]*)(.*)$/i.exec(line);
      if (r && !/\bextra\s*==/.test(r[2] ?? '')) reqs.push(normalizeName(r[1]!));
    }
    if (name !== undefined) out.set(normalizeName(name), [...new Set(reqs)]);
  }
  return out;
}
