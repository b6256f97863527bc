import { applyEdits, type Edit } from '../core/edit.js';
import { EditConflictError } from '../core/errors.js';
import { lineAt, type SourceFile } from '../core/source.js';

/** One file's text before and after a run. */
export interface FileChange {
  source: SourceFile;
  after: string;
}

/** Edits grouped by file, in one pass over the list. */
export function editsByFile(edits: readonly Edit[]): Map<string, Edit[]> {
  const byFile = new Map<string, Edit[]>();
  for (const e of edits) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  return byFile;
}

/** `rel:line` of an offset of a source (the place a conflict is reported at: never a byte offset). */
export function placeOf(source: SourceFile, offset: number): string {
  return `${source.rel}:${lineAt(source, offset)}`;
}

/** An EditConflictError re-worded as `file:line` relative to the root, naming both transforms. */
export function conflictAt(source: SourceFile, err: EditConflictError): EditConflictError {
  const [a, b] = err.edits;
  if (!a || !b) return err;
  const where = `${source.rel}:${lineAt(source, a.range[0])}`;
  const other = lineAt(source, b.range[0]);
  const lines = other === lineAt(source, a.range[0]) ? where : `${where} and line ${other}`;
  const who = a.transform === b.transform ? `transform ${a.transform ?? '?'} (twice)` : `transforms ${a.transform ?? '?'} and ${b.transform ?? '?'}`;
  return new EditConflictError(`${lines}: two edits change the same text (${who}); nothing was written`, err.edits);
}

/** Apply one file's edits in one sorted splice; an overlap is an EditConflictError at `file:line`. */
export function applyFileEdits(source: SourceFile, text: string, edits: readonly Edit[]): string {
  try {
    return applyEdits(text, edits);
  } catch (err) {
    if (err instanceof EditConflictError) throw conflictAt({ ...source, text }, err);
    throw err;
  }
}

/** Apply every edit, grouped by file, in one sorted splice each (overlaps throw EditConflictError at file:line). */
export function applyAll(files: ReadonlyMap<string, SourceFile>, edits: readonly Edit[]): FileChange[] {
  const out: FileChange[] = [];
  for (const [file, list] of [...editsByFile(edits)].sort(([a], [b]) => a.localeCompare(b))) {
    const source = files.get(file);
    if (!source) throw new Error(`edit of a file that was not read: ${file}`);
    const after = applyFileEdits(source, source.text, list);
    if (after !== source.text) out.push({ source, after });
  }
  return out;
}
