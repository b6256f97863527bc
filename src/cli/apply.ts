import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan } from '../pipeline/session.js';
import { buildReport } from '../report/model.js';
import { renderReport } from '../report/render-text.js';
import { EXIT, type IO } from './io.js';

/** Write a plan's files, then the report if asked. Docker and git steps hook in here. */
export async function applyPlan(plan: Plan, o: Record<string, unknown>, io: IO, write: () => void): Promise<number> {
  write();
  if (!o.quiet && !o.json) io.stderr.write(`wrote ${plan.files.length} file(s): ${plan.files.map((f) => f.source.rel).join(', ')}\n`);
  if (o.report) {
    const data = buildReport(plan.project, plan.facts, plan.changes, plan.findings);
    writeFileSync(path.resolve(io.cwd, o.report as string), renderReport(data, 'md'));
  }
  return EXIT.ok;
}
