import { existsSync } from 'node:fs';
import path from 'node:path';
import { recoverRoot, sweepLeftovers } from '../pipeline/recover.js';
import type { IO } from './io.js';

/**
 * Before a command reads a root: settle a transaction an interrupted apply left there (forward or back, see
 * recoverRoot), in one line on stderr. Every command that loads a root passes here first.
 */
export function settleInterrupted(root: string, io: IO): void {
  if (!existsSync(path.join(root, '.composeshift'))) return;
  const note = recoverRoot(root);
  if (note) io.stderr.write(`${note}\n`);
}

/** After loading: remove temp files dead runs (older versions included) left beside the files read. */
export function sweepBeside(files: Iterable<string>, io: IO): void {
  const note = sweepLeftovers([...files].map((f) => path.dirname(f)));
  if (note) io.stderr.write(`${note}\n`);
}
