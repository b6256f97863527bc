import type { SourceFile } from '../core/source.js';
import type { RequirementsFile } from './model.js';
import { parseRequirements } from './parse.js';

const cache = new WeakMap<SourceFile, RequirementsFile>();
let parses = 0;

/** The parse of a requirements file, made once per SourceFile and shared by linking, analysis, transforms and verify. */
export function parsedRequirements(source: SourceFile): RequirementsFile {
  let p = cache.get(source);
  if (!p) {
    parses++;
    cache.set(source, (p = parseRequirements(source.text)));
  }
  return p;
}

/** How many files parsedRequirements has parsed in this process (for tests of "one parse per file per run"). */
export function requirementsParses(): number {
  return parses;
}
