import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registry } from '../../transforms/index.js';
import { planRun, type Plan, type RunOptions } from '../pipeline/session.js';
import { colorsFor } from '../render/color.js';
import { unifiedDiff } from '../render/diff.js';
import { terminalWidth, wrap } from '../render/fit.js';
import { plural } from '../core/plural.js';
import { labelServices, serviceLabeler, type ServiceLabel } from '../render/service-label.js';
import { changeSummary, findingList, unfolded } from '../render/summary.js';
import { buildReport } from '../report/model.js';
import { renderReport } from '../report/render-text.js';
import { noOpExplanations } from './explain.js';
import { checkCommandTypo, checkGivenPaths, givenInputs } from './given-paths.js';
import { checkOutputFiles } from './output-files.js';
import { EXIT, type IO } from './io.js';
import { settleInterrupted, sweepBeside } from './recover.js';

type Opts = Record<string, unknown>;

function runOptions(root: string, o: Opts, io: IO): RunOptions {
  return {
    root,
    cwd: io.cwd,
    config: o.config as string | undefined,
    files: (o.file as string[] | undefined) ?? [],
    projectName: o.projectName as string | undefined,
    recursive: Boolean(o.recursive),
    usage: o.usage as string | undefined,
    imageMetadata: Boolean(o.imageMetadata),
    samples: o.samples as number,
    intervalMs: o.interval as number,
    window: o.window as string,
    projectLabel: o.projectLabel as string | undefined,
    serviceLabel: o.serviceLabel as string | undefined,
    transforms: (o.transform as string[] | undefined) ?? [],
    services: (o.service as string[] | undefined) ?? [],
    envFiles: (o.envFile as string[] | undefined) ?? [],
    environment: io.env,
    allowOutsideRoot: Boolean(o.allowOutsideRoot),
  };
}

/** The run's one service key style: `project/service` only when several compose projects are in the run. */
export function planLabel(plan: Plan): ServiceLabel {
  return serviceLabeler(plan.project.services, plan.project.compose.length);
}

/** The machine form of a plan (`--json`); services in the run's key style, as in the summary. */
export function planJson(plan: Plan): object {
  const c = colorsFor(false, {});
  const label = planLabel(plan);
  return {
    changes: labelServices(plan.changes, label).map(({ expect: _e, ...rest }) => rest),
    findings: labelServices(plan.findings, label),
    files: plan.files.map((f) => ({ file: f.source.rel, diff: unifiedDiff(f, c) })),
    // Ranges on the original text (`rangeOf: 'original'`), or on the output of the pass before the edit's own.
    edits: plan.edits.map((e) => ({ file: path.relative(plan.project.root, e.file).split(path.sep).join('/'), range: e.range, rangeOf: e.rangeOf, pass: e.pass, text: e.text, transform: e.transform })),
    unmatched: plan.facts.unmatched,
  };
}

/** A line wrapped to a terminal's width (with a hanging indent), as it is when `width` is Infinity (piped). */
function fitted(text: string, width: number): string {
  return (width === Infinity ? text : wrap(text, width, '      ', '').join('\n')) + '\n';
}

/** Run plan, apply or report; returns the exit code. */
export async function runCommand(name: 'plan' | 'apply' | 'report', root: string, o: Opts, io: IO): Promise<number> {
  if (name === 'plan' && o.format === 'json') o = { ...o, json: true };
  if (name === 'report' && o.json) o = { ...o, format: 'json' };
  checkGivenPaths(o, io.cwd);
  checkCommandTypo(root, io.cwd);
  settleInterrupted(path.resolve(io.cwd, root), io);
  // Live progress of loading and sampling (a TTY only; nothing with --json or a machine --format).
  const { progressFor } = await import('./progress.js');
  const live = progressFor(io, { json: Boolean(o.json) || o.format === 'json' || o.format === 'sarif', quiet: Boolean(o.quiet) });
  const plan = await planRun({ ...runOptions(root, o, io), progress: (d) => live.update(d) }, registry).finally(() => live.clear());
  sweepBeside(plan.project.files.keys(), io);
  // --report / --pr-body: writable, and not a file this run reads (--report compose.yaml overwrote it), checked now.
  if (name === 'apply') checkOutputFiles(o, io.cwd, [...plan.project.files.keys(), ...givenInputs(o, io.cwd, root)]);
  const c = colorsFor(io.stdout.isTTY, io.env);
  const quiet = Boolean(o.quiet);
  if (name === 'report') {
    const data = buildReport(plan.project, plan.facts, plan.changes, plan.findings);
    const format = o.format as string;
    if (format === 'json') {
      // The run's one key style, as in plan --json (the report's data keeps keys for the library's callers).
      const label = planLabel(plan);
      const named = { ...data, services: data.services.map((r) => ({ ...r, service: label(r.service)! })), changes: labelServices(data.changes, label), findings: labelServices(data.findings, label) };
      io.stdout.write(JSON.stringify(named, null, 2) + '\n');
    }
    else if (format === 'html') {
      const { renderHtml } = await import('../report/render-html.js');
      io.stdout.write(renderHtml(data));
    } else io.stdout.write(renderReport(data, format as 'table' | 'md'));
    return EXIT.ok;
  }
  // An `error` finding blocks the write in plan and apply alike: a plan that cannot be applied must not pass.
  const errors = plan.findings.filter((f) => f.level === 'error');
  if (name === 'plan' && o.format === 'sarif') {
    const { planItems, sarifLog } = await import('../render/sarif.js');
    const { VERSION } = await import('./version.js');
    const log = sarifLog(planItems(labelServices(plan.changes, planLabel(plan)), labelServices(plan.findings, planLabel(plan))), { version: VERSION }, pathToFileURL(plan.project.root + path.sep).href);
    io.stdout.write(JSON.stringify(log, null, 2) + '\n');
    if (errors.length) return EXIT.error;
    return o.check && plan.files.length ? EXIT.changes : EXIT.ok;
  }
  if (errors.length) {
    if (o.json) io.stdout.write(JSON.stringify({ command: name, ...planJson(plan), files: [], edits: [] }, null, 2) + '\n');
    for (const f of errors) io.stderr.write(`composeshift: ${f.file ? `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}: ` : ''}error: ${f.message} (${f.transform}${f.service ? `, ${f.service}` : ''})\n`);
    io.stderr.write(`composeshift: ${plural(errors.length, 'error')}; nothing was written\n`);
    return EXIT.error;
  }
  if (o.json) io.stdout.write(JSON.stringify({ command: name, ...planJson(plan) }, null, 2) + '\n');
  else {
    // plan -q prints only its diffs; apply -q prints nothing but errors.
    if (!(quiet && name === 'apply')) for (const f of plan.files) io.stdout.write(unifiedDiff(f, c));
    if (!quiet) {
      const style = { width: terminalWidth(io.stdout, io.env), label: planLabel(plan) };
      if (plan.files.length) io.stdout.write('\n');
      io.stdout.write(changeSummary(plan.changes, style));
      // Warnings and errors always, unless their change row already says it; info findings with --verbose.
      const findings = unfolded(plan.findings, plan.changes);
      const shown = o.verbose ? findings : findings.filter((f) => f.level !== 'info');
      // Findings are wrapped on a terminal (or with COLUMNS) only: piped into a log, each stays one greppable line.
      const errWidth = io.stderr.columns ?? (io.env.COLUMNS ? terminalWidth(io.stderr, io.env) : Infinity);
      const errStyle = { ...style, width: errWidth };
      if (shown.length) io.stderr.write(findingList(shown, colorsFor(io.stderr.isTTY, io.env), errStyle));
      // Why nothing changed where a change may be expected: by default, one line each.
      for (const line of noOpExplanations(plan, o)) io.stderr.write(fitted(`note: ${line}`, errWidth));
      const hidden = findings.length - shown.length;
      if (hidden) io.stderr.write(`(${plural(hidden, 'info finding')} not shown; --verbose shows them)\n`);
    }
  }
  if (name === 'plan') {
    if (!quiet && !o.json) {
      const width = io.stderr.columns ?? (io.env.COLUMNS ? terminalWidth(io.stderr, io.env) : Infinity);
      io.stderr.write(plan.files.length ? fitted(`${plural(plan.files.length, 'file')} would change (${plural(plan.changes.length, 'change')}); run \`composeshift apply\` to write them`, width) : 'no changes\n');
    }
    return o.check && plan.files.length ? EXIT.changes : EXIT.ok;
  }
  if (plan.files.length === 0) {
    // With --branch: nothing to refresh, so the branch and its remote are left as they are (exit 0).
    if (!quiet && !o.json) io.stderr.write(o.branch ? `no changes; branch ${o.branch as string}${o.push ? ' and its remote' : ''} left alone\n` : 'no changes\n');
  } else {
    const { applyPlan } = await import('./apply.js');
    return applyPlan(plan, o, io);
  }
  if (o.report) {
    const { writeReport } = await import('./apply.js');
    await writeReport(path.resolve(io.cwd, o.report as string), plan);
  }
  return EXIT.ok;
}
