import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../src/core/source.js';
import { parseRequirements, printRequirements } from '../../src/requirements/index.js';
import { CORPUS, corpusFiles, corpusPresent } from './corpus.js';

/** The file's text as the tool reads it: UTF-8, BOM split off (printRequirements gets the same text). */
function textOf(rel: string): string {
  return decodeUtf8(readFileSync(path.join(CORPUS, rel)), rel).text;
}

if (corpusPresent('requirements corpus')) {
  const files = corpusFiles('requirements');

  describe(`${files.length} real requirements files`, () => {
    it('the manifest lists exactly the files of requirements/', () => {
      const onDisk = readdirSync(path.join(CORPUS, 'requirements')).map((f) => `requirements/${f}`).sort();
      expect([...files].sort()).toEqual(onDisk);
      expect(files.length).toBeGreaterThan(0);
    });

    const rows = files.map((rel) => {
      const parsed = parseRequirements(textOf(rel));
      const n = (k: string): number => parsed.lines.filter((l) => l.kind === k).length;
      return [rel, parsed.lines.length, n('requirement'), n('option')] as const;
    });

    it.each(rows)('%s (%i lines, %i requirements, %i options): print(parse(t)) === t, no invalid line', (rel) => {
      const text = textOf(rel);
      const parsed = parseRequirements(text);
      expect(printRequirements(parsed) === text, 'print(parse(text)) is the text').toBe(true);
      const invalid = parsed.lines.filter((l) => l.kind === 'invalid').map((l) => `${rel}:${l.line}: ${l.error}: ${text.slice(l.start, l.end)}`);
      expect(invalid).toEqual([]);
      expect(parsed.errors).toEqual([]);
    });
  });
}
