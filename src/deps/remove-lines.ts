import { removeRange, type Edit } from '../core/edit.js';
import type { LogicalLine, RequirementsFile } from '../requirements/index.js';
import { normalizeName } from '../requirements/index.js';

/**
 * The comment line directly above a requirement, when that comment names the package (`# pandas for exports`):
 * it goes with the line. Comments that do not name it (section headers) stay.
 */
export function namingCommentAbove(file: RequirementsFile, line: LogicalLine, name: string): LogicalLine | undefined {
  const i = file.lines.indexOf(line);
  const prev = i > 0 ? file.lines[i - 1] : undefined;
  if (!prev || prev.kind !== 'comment' || !prev.comment) return undefined;
  const want = normalizeName(name);
  const words = prev.comment.text.match(/[A-Za-z0-9][A-Za-z0-9._-]*/g) ?? [];
  return words.some((w) => normalizeName(w.replace(/[.]+$/, '')) === want) ? prev : undefined;
}

/**
 * Remove whole logical lines (continuations included) as few edits: adjacent lines merge into one block. A block
 * that ends the file without a final newline takes the line ending before it instead, so the file keeps ending
 * without one.
 */
export function removeLines(path: string, file: RequirementsFile, lines: readonly LogicalLine[]): Edit[] {
  const idx = [...new Set(lines.map((l) => file.lines.indexOf(l)).filter((i) => i >= 0))].sort((a, b) => a - b);
  const edits: Edit[] = [];
  for (let k = 0; k < idx.length; ) {
    let j = k;
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++;
    const first = file.lines[idx[k]!]!;
    const last = file.lines[idx[j]!]!;
    if (last.endWithEol > last.end) edits.push(removeRange(path, first.start, last.endWithEol));
    else {
      const before = idx[k]! > 0 ? file.lines[idx[k]! - 1] : undefined;
      edits.push(removeRange(path, before ? before.end : first.start, last.end));
    }
    k = j + 1;
  }
  return edits;
}
