import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Level } from '../../src/core/finding.js';
import type { Plan } from '../../src/pipeline/session.js';
import { planFiles, statsTable, tempProject } from './temp-project.js';

/** One expected finding: its code, or its code and level. */
export type ExpectedFinding = string | { code: string; level?: Level; message?: string | RegExp };

/**
 * One case, as ESLint's RuleTester writes them: input files, the config, the usage the run sees, and the exact
 * new text of every file the run changes (files not named must stay unchanged).
 */
export interface TransformCase {
  name: string;
  /** Relative path → text. */
  files: Record<string, string>;
  /** Text of composeshift.config.yaml (none: every selected transform runs with its default policies). */
  config?: string;
  /** A `docker stats` table, or per-service `[usedMiB, limitMiB]` rows for containers `<project>-<service>-1`. */
  usage?: string | Record<string, [number, number]>;
  /** Compose project name (-p); default `p`. */
  project?: string;
  /** -t NAMES. */
  transforms?: string[];
  /** --service NAMES. */
  services?: string[];
  /** Relative path → exact expected text (no trimming). `{}`: nothing changes. */
  output: Record<string, string>;
  /** Findings that must be there; any warn/error finding not listed fails the case. */
  findings?: ExpectedFinding[];
  /** Kinds of the changes' typed values, in order (`memory-limit`, `requirement-removed`, …). */
  changes?: string[];
  /** Plan the output again and expect no change (default true). */
  idempotent?: boolean;
}

const codeOf = (f: ExpectedFinding): string => (typeof f === 'string' ? f : f.code);

/** Run one case through the real pipeline (discover → load → facts → transforms → verify), nothing written. */
export async function runCase(c: TransformCase): Promise<Plan> {
  const files: Record<string, string> = { ...c.files };
  if (c.config !== undefined) files['composeshift.config.yaml'] = c.config;
  const projectName = c.project ?? 'p';
  if (c.usage !== undefined) files['stats.txt'] = typeof c.usage === 'string' ? c.usage : statsTable(projectName, c.usage);
  const dir = tempProject(files);
  const opts = { projectName, transforms: c.transforms, services: c.services, ...(c.usage !== undefined ? { usage: 'stats.txt' } : {}) };
  const { plan, out } = await planFiles(dir, opts);
  expect(out, `${c.name}: new texts`).toStrictEqual(c.output);
  const got = plan.findings.map((f) => ({ code: f.code, level: f.level, message: f.message }));
  for (const want of c.findings ?? []) {
    const match = got.find((g) => g.code === codeOf(want) && (typeof want === 'string' || ((!want.level || g.level === want.level) && matches(g.message, want.message))));
    expect(match, `${c.name}: finding ${JSON.stringify(want)} among ${JSON.stringify(got)}`).toBeDefined();
  }
  const listed = new Set((c.findings ?? []).map(codeOf));
  const loud = got.filter((g) => g.level !== 'info' && !listed.has(g.code));
  expect(loud, `${c.name}: unexpected warn/error findings`).toStrictEqual([]);
  if (c.changes) expect(plan.changes.map((x) => x.value.kind), `${c.name}: change kinds`).toStrictEqual(c.changes);
  if (c.idempotent !== false && Object.keys(c.output).length) {
    for (const [rel, text] of Object.entries(c.output)) writeFileSync(path.join(dir, rel), text);
    const again = await planFiles(dir, opts);
    expect(again.out, `${c.name}: a second run changes nothing`).toStrictEqual({});
  }
  return plan;
}

function matches(message: string, want: string | RegExp | undefined): boolean {
  return want === undefined || (typeof want === 'string' ? message.includes(want) : want.test(message));
}

/** Register one vitest case per entry (RuleTester's `run(name, rule, cases)`). */
export function transformCases(cases: readonly TransformCase[]): void {
  for (const c of cases) it(c.name, async () => void (await runCase(c)));
}
