import { existsSync } from 'node:fs';
import path from 'node:path';
import { registry } from '../../transforms/index.js';
import type { Change, Finding } from '../core/finding.js';
import { acquireLock } from '../pipeline/lock.js';
import { recoverRoot } from '../pipeline/recover.js';
import { planRun, type Plan, type RunOptions } from '../pipeline/session.js';
import { writeAll } from '../pipeline/write-files.js';
import { colorsFor } from '../render/color.js';
import { unifiedDiff } from '../render/diff.js';
import { buildReport, type ReportData } from '../report/model.js';

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

function runOptions(o: PlanOptions): RunOptions {
  const cwd = o.cwd ?? process.cwd();
  return {
    root: o.root,
    cwd,
    config: o.config,
    files: o.files ?? [],
    projectName: o.projectName,
    recursive: Boolean(o.recursive),
    usage: o.usage,
    imageMetadata: Boolean(o.imageMetadata),
    samples: o.samples ?? 1,
    intervalMs: o.intervalMs ?? 0,
    window: o.window ?? '7d',
    transforms: o.transforms ?? [],
    services: o.services ?? [],
    envFiles: o.envFiles ?? [],
    environment: o.environment ?? process.env,
    allowOutsideRoot: Boolean(o.allowOutsideRoot),
  };
}

/** Settle an interrupted apply of the root (as every CLI command does first); its note, if any. */
function settle(o: PlanOptions): string[] {
  const root = path.resolve(o.cwd ?? process.cwd(), o.root);
  if (!existsSync(path.join(root, '.composeshift'))) return [];
  const note = recoverRoot(root);
  return note ? [note] : [];
}

async function planned(o: PlanOptions): Promise<{ plan: Plan; result: PlanResult }> {
  const notes = settle(o);
  const plan = await planRun(runOptions(o), registry);
  const plain = colorsFor(false, {});
  const files = plan.files.map((f) => ({ path: f.source.rel, before: f.source.text, after: f.after, diff: unifiedDiff(f, plain) }));
  return { plan, result: { files, changes: plan.changes, findings: plan.findings, notes } };
}

/**
 * Plan a run: what would change (verified new texts and diffs), the changes and the findings. Never writes,
 * prints or exits; bad input is thrown (InputError with file, line and column; UsageError; PluginError).
 */
export async function plan(opts: PlanOptions): Promise<PlanResult> {
  return (await planned(opts)).result;
}

/**
 * Plan and write every changed file or none (the transactional writer, under the root's lock). A plan with
 * `error` findings is refused with a BlockedError before anything is written.
 */
export async function apply(opts: PlanOptions): Promise<ApplyResult> {
  const { plan: p, result } = await planned(opts);
  const errors = p.findings.filter((f) => f.level === 'error');
  if (errors.length) throw new BlockedError(errors);
  const release = acquireLock(p.project.root);
  try {
    writeAll(p.files, { root: p.project.root, allowOutsideRoot: Boolean(opts.allowOutsideRoot) });
  } finally {
    release();
  }
  return { ...result, written: result.files.map((f) => f.path) };
}

/** The report's data (limits, usage, bands, tiers, planned changes) as `composeshift report --format json` prints it. */
export async function report(opts: PlanOptions): Promise<ReportData> {
  const { plan: p } = await planned(opts);
  return buildReport(p.project, p.facts, p.changes, p.findings);
}
