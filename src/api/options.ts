import type { Change, Finding } from '../core/finding.js';

/** What a library run is asked to do (the CLI's flags, as data). */
export interface PlanOptions {
  /** Folder of the compose project (or monorepo with `recursive`), relative to `cwd`. */
  root: string;
  /** Policy file (default: composeshift.config.yaml in the root). */
  config?: string;
  /** Transforms to run: built-in names, plugin files (`./rules/x.js`, relative to `cwd`) or package names. */
  transforms?: string[];
  /** Usage facts: a saved `docker stats --no-stream` file, `docker` (live) or `prometheus=URL`. */
  usage?: string;
  /** Only these services. */
  services?: string[];
  /** Compose files, in override order (default: discovered as docker compose does). */
  files?: string[];
  projectName?: string;
  recursive?: boolean;
  envFiles?: string[];
  /** Values for `${VAR}` (default: process.env, as docker compose reads it). */
  environment?: Readonly<Record<string, string | undefined>>;
  /** With `usage: 'docker'`: samples to take and milliseconds between them. */
  samples?: number;
  intervalMs?: number;
  /** With `usage: 'prometheus=URL'`: look-back window (default 7d). */
  window?: string;
  imageMetadata?: boolean;
  allowOutsideRoot?: boolean;
  /** Where relative paths start (default: process.cwd()). */
  cwd?: string;
}

/** One changed file: its path relative to the root, both texts, and a unified diff (no colours). */
export interface FilePlan {
  path: string;
  before: string;
  after: string;
  diff: string;
}

/** What `plan` returns: the files that would change, the changes, and every finding (error findings block `apply`). */
export interface PlanResult {
  files: FilePlan[];
  changes: Change[];
  findings: Finding[];
  /** What settling an interrupted apply of this root did before reading it (usually empty). */
  notes: string[];
}

/** What `apply` returns: the plan, and the files it wrote (paths relative to the root). */
export interface ApplyResult extends PlanResult {
  written: string[];
}

/** `apply` refused: the plan has `error` findings (nothing was written); they are in `findings`. */
export class BlockedError extends Error {
  override readonly name = 'BlockedError';
  constructor(readonly findings: readonly Finding[]) {
    super(`${findings.length} error finding${findings.length === 1 ? '' : 's'}; nothing was written: ${findings.map((f) => `${f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : ''}${f.message}`).join('; ')}`);
  }
}
