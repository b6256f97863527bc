import type { RequirementsFile } from '../../src/requirements/index.js';
import { CPU_INDEX } from './index-url.js';

/**
 * The command that regenerates a hashed (pip-compile) file against the CPU index: the file's own
 * `# pip-compile …` / `# uv pip compile …` header with the index added, else a pip-compile command
 * guessed from the file name (`x.txt` from `x.in`).
 */
export function recompileCommand(file: RequirementsFile, rel: string, indexOption: string): string {
  const header = file.lines
    .slice(0, 12)
    .map((l) => (l.kind === 'comment' && l.comment ? l.comment.text.replace(/^#\s*/, '') : ''))
    .find((c) => /^(pip-compile|uv pip compile)\b/.test(c));
  const add = `${indexOption} ${CPU_INDEX}`;
  if (header) {
    if (header.includes(CPU_INDEX)) return header;
    return header.replace(/^(pip-compile|uv pip compile)/, `$1 ${add}`);
  }
  const input = /\.txt$/.test(rel) ? rel.replace(/\.txt$/, '.in') : `${rel}.in`;
  return `pip-compile --generate-hashes ${add} --output-file=${rel} ${input}`;
}
