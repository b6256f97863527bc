import { applyEdits, type Edit } from '../core/edit.js';
import type { SourceFile } from '../core/source.js';

/** One file's text before and after a run. */
export interface FileChange {
  source: SourceFile;
  after: string;
}

/** Apply every edit, grouped by file, in one sorted splice each (overlaps throw EditConflictError). */
export function applyAll(files: ReadonlyMap<string, SourceFile>, edits: readonly Edit[]): FileChange[] {
  const byFile = new Map<string, Edit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out: FileChange[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const source = files.get(file);
    if (!source) throw new Error(`edit of a file that was not read: ${file}`);
    const after = applyEdits(source.text, list);
    if (after !== source.text) out.push({ source, after });
  }
  return out;
}
