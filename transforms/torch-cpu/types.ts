import type { Edit } from '../../src/core/edit.js';
import type { Change, Level } from '../../src/core/finding.js';

export const T = 'torch-cpu';

/** The packages this transform converts. */
export type Target = 'torch' | 'torchvision' | 'torchaudio';
export const TARGETS: ReadonlySet<string> = new Set<Target>(['torch', 'torchvision', 'torchaudio']);

/** A finding before the service is attached. */
export interface Note {
  level: Level;
  code: string;
  message: string;
  /** Root-relative path. */
  file: string;
  line?: number;
  evidence?: string;
}

/** An exact version pin of a target, for the torchvision/torchaudio pairing check. */
export interface Pin {
  name: Target;
  /** Public version (no local label). */
  version: string;
  file: string;
  line: number;
}

/**
 * What one unit (a requirements file, or one inline pip install) needs: `converted` when it has edits,
 * `already-cpu` when it has torch and needs none, `blocked` when it needs some that cannot be made.
 */
export interface UnitPlan {
  status: 'converted' | 'already-cpu' | 'blocked' | 'none';
  edits: Edit[];
  changes: Change[];
  notes: Note[];
  pins: Pin[];
}

/** An empty plan. */
export function emptyPlan(): UnitPlan {
  return { status: 'none', edits: [], changes: [], notes: [], pins: [] };
}

/** Why the CPU index, said once for every change that adds or rewrites it. */
export const INDEX_REASON = 'torch from PyPI is the CUDA build (nvidia-* wheels, triton); the CPU index serves +cpu builds without them';

/** Why a pin gets `+cpu`. */
export const PIN_REASON = 'the +cpu build from the CPU index has no nvidia-* or triton dependencies';
