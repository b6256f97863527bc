import { existsSync, linkSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveJournal, sha256, type Journal, type JournalEntry } from '../../src/pipeline/journal.js';
import { recoverRoot } from '../../src/pipeline/recover.js';
import { tempProject } from '../helpers/temp-project.js';

// The recovery rule, on journals as a killed apply leaves them: `committing` rolls forward, anything else back;
// hard-linked files (in-place entries) keep their inode either way.

const OLD = 'a: 1\n';
const NEW = 'a: 2\n';

/** A hard-linked target a.yaml (+ mirror.yaml) and an in-place journal entry for it, with its temp written. */
function inPlaceSetup(targetText: string): { dir: string; entry: JournalEntry } {
  const dir = tempProject({ 'a.yaml': targetText, '.a.yaml.composeshift-1-x.new': NEW });
  linkSync(path.join(dir, 'a.yaml'), path.join(dir, 'mirror.yaml'));
  const entry: JournalEntry = {
    target: 'a.yaml', temp: '.a.yaml.composeshift-1-x.new', inPlace: true,
    oldHash: sha256(Buffer.from(OLD)), newHash: sha256(Buffer.from(NEW)), oldContent: Buffer.from(OLD).toString('base64'),
  };
  return { dir, entry };
}

const journal = (state: Journal['state'], entries: JournalEntry[]): Journal => ({ version: 1, pid: 999_999_999, state, entries });

describe('recoverRoot', () => {
  it('committing, target still old: rolls forward into the same inode (hard link kept), removes the temp and the journal', () => {
    const { dir, entry } = inPlaceSetup(OLD);
    const ino = statSync(path.join(dir, 'a.yaml')).ino;
    saveJournal(dir, journal('committing', [entry]));
    expect(recoverRoot(dir)).toBe('composeshift: completed an interrupted apply (pid 999999999): its one file now has the new content (1 finished now, 1 temp file removed)');
    expect(readFileSync(path.join(dir, 'mirror.yaml'), 'utf8')).toBe(NEW);
    expect(statSync(path.join(dir, 'a.yaml')).ino).toBe(ino);
    expect(readdirSync(dir).sort()).toEqual(['a.yaml', 'mirror.yaml']);
    expect(recoverRoot(dir)).toBeUndefined();
  });

  it('rolling-back, target already new: the old bytes from the journal go back into the same inode', () => {
    const { dir, entry } = inPlaceSetup(NEW);
    saveJournal(dir, journal('rolling-back', [entry]));
    expect(recoverRoot(dir)).toMatch(/^composeshift: rolled back an interrupted apply \(pid 999999999\): its one file has the old content \(1 finished now/);
    expect(readFileSync(path.join(dir, 'mirror.yaml'), 'utf8')).toBe(OLD);
    expect(existsSync(path.join(dir, '.composeshift'))).toBe(false);
  });

  it('preparing: nothing was replaced yet, so the temps go and every target stays old', () => {
    const { dir, entry } = inPlaceSetup(OLD);
    saveJournal(dir, journal('preparing', [entry]));
    expect(recoverRoot(dir)).toContain('rolled back');
    expect(readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['a.yaml', 'mirror.yaml']);
  });

  it('a target edited by someone after the kill is left as it is, and named', () => {
    const { dir, entry } = inPlaceSetup('edited by hand\n');
    saveJournal(dir, journal('committing', [entry]));
    expect(recoverRoot(dir)).toContain('changed since, left as they are: a.yaml');
    expect(readFileSync(path.join(dir, 'a.yaml'), 'utf8')).toBe('edited by hand\n');
  });

  it('a torn journal (killed while writing it) is only a leftover: removed, no target touched', () => {
    const dir = tempProject({ 'a.yaml': OLD, '.composeshift/journal.999999999.tmp': '{"version":1,"sta' });
    expect(recoverRoot(dir)).toBe('composeshift: removed 1 leftover journal file of an interrupted apply');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });
});
