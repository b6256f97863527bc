import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyFacts } from '../../src/facts/types.js';
import { applyAll } from '../../src/pipeline/apply-edits.js';
import { runTransforms } from '../../src/pipeline/run-transforms.js';
import { verify } from '../../src/pipeline/verify.js';
import { writeAll } from '../../src/pipeline/write-files.js';
import { CORPUS, copyToTemp, corpusFiles, corpusPresent, corpusTransforms, loadAlone } from './corpus.js';

/** What a file holds, for the test name (so a failure names the file and its size). */
function describeFile(rel: string): string {
  try {
    const p = loadAlone(path.join(CORPUS, rel));
    return `${p.services.length} services`;
  } catch {
    return 'does not load';
  }
}

if (corpusPresent('compose no-op')) {
  const files = corpusFiles('compose');
  const transforms = corpusTransforms();

  describe(`no facts, no edits: ${files.length} real compose files, transforms ${transforms.map((t) => t.meta.name).join(' + ')}`, () => {
    it('the corpus has compose files', () => {
      expect(files.length).toBeGreaterThan(0);
    });

    it.each(files.map((f) => [f, describeFile(f)]))('%s (%s)', (rel) => {
      const bytes = readFileSync(path.join(CORPUS, rel));
      const tmp = copyToTemp(path.basename(rel), bytes);
      try {
        const project = loadAlone(tmp.abs);
        const result = runTransforms(project, emptyFacts(), transforms, undefined);
        expect(result.edits).toEqual([]);
        expect(result.changes).toEqual([]);
        expect(result.findings.filter((f) => f.level === 'error')).toEqual([]);
        const changed = applyAll(project.files, result.edits);
        expect(changed).toEqual([]);
        verify(changed, result.changes);
        writeAll(changed);
        expect(readFileSync(tmp.abs).equals(bytes), 'bytes on disk after the run').toBe(true);
      } finally {
        tmp.cleanup();
      }
    });
  });
}
