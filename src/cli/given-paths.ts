import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';

const kind = (abs: string): 'file' | 'dir' | undefined => {
  try {
    return statSync(abs).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
};

/**
 * Paths the user typed (`-c`, `-f`, `--env-file`, a `--usage` file) that do not exist are usage errors naming
 * the path as it was typed (never relative to the root), before anything is read; `--usage` says what it takes.
 */
export function checkGivenPaths(o: Record<string, unknown>, cwd: string): void {
  const given: [string, string | undefined][] = [['-c', o.config as string | undefined]];
  for (const f of (o.file as string[] | undefined) ?? []) given.push(['-f', f]);
  for (const f of (o.envFile as string[] | undefined) ?? []) given.push(['--env-file', f]);
  for (const [flag, p] of given) {
    if (p === undefined) continue;
    // '' resolves to the cwd (was "is a folder"); '-' is docker compose's stdin, which cannot be edited in place.
    if (p === '') throw new UsageError(`${flag} '': an empty path (an unset variable in the command line?)`);
    if (p === '-' && flag === '-f') throw new UsageError('-f -: reading a compose file from stdin is not supported: composeshift edits files in place; name the file');
    const k = kind(path.resolve(cwd, p));
    if (!k) throw new UsageError(`${flag} ${p}: no such file`);
    if (k === 'dir') throw new UsageError(`${flag} ${p}: is a folder, not a file`);
  }
  const usage = o.usage as string | undefined;
  if (usage === undefined || usage === 'docker' || usage.startsWith('prometheus=')) return;
  if (kind(path.resolve(cwd, usage)) !== 'file') {
    throw new UsageError(`--usage ${usage}: neither a file nor \`docker\` nor \`prometheus=URL\` (--usage takes a saved \`docker stats --no-stream\` file, \`docker\` for the live engine, or \`prometheus=URL\`)`);
  }
}

/** Files the run reads that the user named (or the default config): absolute paths, whether or not they exist. */
export function givenInputs(o: Record<string, unknown>, cwd: string, root: string): string[] {
  const out = [o.config ? path.resolve(cwd, o.config as string) : path.resolve(cwd, root, 'composeshift.config.yaml')];
  for (const f of [...((o.file as string[] | undefined) ?? []), ...((o.envFile as string[] | undefined) ?? [])]) out.push(path.resolve(cwd, f));
  const usage = o.usage as string | undefined;
  if (usage !== undefined && usage !== 'docker' && !usage.startsWith('prometheus=')) out.push(path.resolve(cwd, usage));
  return out;
}

const COMMANDS = ['plan', 'apply', 'report', 'audit', 'transforms', 'schema', 'init', 'help'];

/** Levenshtein distance, for the few short words of a command name. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * `composeshift aply`: plan is the default command, so a mistyped command reads as a root folder. When that folder
 * does not exist and the word is one or two edits from a command, the error says so (was only "no such directory").
 */
export function checkCommandTypo(root: string, cwd: string): void {
  if (root.includes('/') || kind(path.resolve(cwd, root)) !== undefined) return;
  const near = COMMANDS.find((c) => c !== root && distance(root.toLowerCase(), c) <= (c.length >= 4 ? 2 : 1));
  if (near) throw new UsageError(`no such directory: ${root} (did you mean the command \`composeshift ${near}\`?)`);
}
