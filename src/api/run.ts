import { existsSync } from 'node:fs';
import path from 'node:path';
import { registry } from '../../transforms/index.js';
import { acquireLock } from '../pipeline/lock.js';
import { recoverRoot } from '../pipeline/recover.js';
import { planRun, type Plan, type RunOptions } from '../pipeline/session.js';
import { writeAll } from '../pipeline/write-files.js';
import { colorsFor } from '../render/color.js';
import { unifiedDiff } from '../render/diff.js';
import { buildReport, type ReportData } from '../report/model.js';
import { BlockedError, type ApplyResult, type PlanOptions, type PlanResult } from './options.js';

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
