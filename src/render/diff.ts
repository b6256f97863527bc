import { structuredPatch } from 'diff';
import type { FileChange } from '../pipeline/apply-edits.js';
import type { Colors } from './color.js';

/** A git-style unified diff of one changed file (`diff --git a/x b/x`, 3 lines of context). */
export function unifiedDiff(f: FileChange, c: Colors): string {
  const rel = f.source.rel;
  const patch = structuredPatch(`a/${rel}`, `b/${rel}`, f.source.text, f.after, '', '', { context: 3 });
  const out = [c.bold(`diff --git a/${rel} b/${rel}`), c.bold(`--- a/${rel}`), c.bold(`+++ b/${rel}`)];
  for (const h of patch.hunks) {
    out.push(c.cyan(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`));
    for (const line of h.lines) {
      const l = line.replace(/\r$/, '');
      out.push(l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l);
    }
  }
  return out.join('\n') + '\n';
}
