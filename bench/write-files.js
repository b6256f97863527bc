// How the bench generators write: every file under one folder, parent folders made, each file counted (the
// `files` figure a generator returns), and the saved `docker stats --no-stream` table in the CLI's table form.
// Shared so that the generators cannot drift apart in how they write the bytes the bench figures rest on.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A writer under `dir`: `write(rel, text)` makes the parent folders, writes the file, counts it and returns its
 * absolute path; `count()` is how many files it has written.
 * @param {string} dir
 * @returns {{ write: (rel: string, text: string) => string, count: () => number }}
 */
export function fileWriter(dir) {
  let files = 0;
  return {
    write(rel, text) {
      const abs = path.join(dir, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      files++;
      return abs;
    },
    count: () => files,
  };
}

const STATS_HEADER = ['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'];

/**
 * The text of a `docker stats --no-stream` table: its header, then one row a container (the eight columns in
 * the header's order), columns three spaces apart, a final newline.
 * @param {string[][]} rows
 * @returns {string}
 */
export function statsTable(rows) {
  return [STATS_HEADER, ...rows].map((r) => r.join('   ')).join('\n') + '\n';
}
