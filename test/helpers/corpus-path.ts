import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared real-world corpus: COMPOSESHIFT_CORPUS, else `shared/corpus` beside this checkout (as CI lays it
 * out), else the workplace's /work/shared/corpus. Absent everywhere: the first candidate (tests then say so).
 */
export const CORPUS_DIR: string =
  process.env.COMPOSESHIFT_CORPUS ??
  [path.resolve(repo, '../shared/corpus'), '/work/shared/corpus'].find((p) => existsSync(p)) ??
  path.resolve(repo, '../shared/corpus');
