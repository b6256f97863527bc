import type { AuditData } from '../deps/audit.js';
import type { ReportData } from '../report/model.js';
import type { AuditOptions } from './audit.js';
import type { ApplyResult, PlanOptions, PlanResult } from './options.js';

// The library's entry points load the pipeline on first call: a plugin that imports 'composeshift' for
// defineTransform and the edit helpers does not load discover/load/facts/verify/render a second time.

/** See api/run.ts `plan`: what would change, never written, printed or exited. */
export async function plan(opts: PlanOptions): Promise<PlanResult> {
  return (await import('./run.js')).plan(opts);
}

/** See api/run.ts `apply`: every changed file written or none; BlockedError on error findings. */
export async function apply(opts: PlanOptions): Promise<ApplyResult> {
  return (await import('./run.js')).apply(opts);
}

/** See api/run.ts `report`: the report's data. */
export async function report(opts: PlanOptions): Promise<ReportData> {
  return (await import('./run.js')).report(opts);
}

/** See api/audit.ts `audit`: the per-service dependency audit. */
export async function audit(opts: AuditOptions): Promise<AuditData> {
  return (await import('./audit.js')).audit(opts);
}
