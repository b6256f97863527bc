import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

// Runs a composite action's `run` steps the way the GitHub runner does: `${{ … }}` expressions substituted
// (inputs, steps.<id>.outputs, github.action_path/workspace, runner.temp), INPUT_* in the environment, each
// step a bash script (`bash --noprofile --norc -eo pipefail`), GITHUB_OUTPUT / GITHUB_ENV files read back after
// each step, GITHUB_STEP_SUMMARY appended to. Anything else (`uses:`, `if:`, other shells, other expressions)
// is an error here, so action.yml cannot silently depend on what this runner does not do.

interface Step {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
  if?: string;
  'working-directory'?: string;
}
interface Action {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

/** What a run of the action left behind. */
export interface ActionRun {
  /** Exit code of the first failing step, else 0. */
  code: number;
  failedStep?: string;
  outputs: Record<string, string>;
  summary: string;
  stdout: string;
  stderr: string;
  temp: string;
}

/** Parse GITHUB_OUTPUT / GITHUB_ENV lines: `name=value` and `name<<DELIM … DELIM`. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[2]} in a command file`);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

/** Run `actionDir/action.yml` with `inputs` in `workspace`; `env` adds to the process environment. */
export async function runAction(actionDir: string, workspace: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const action = parse(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as Action;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  const temp = mkdtempSync(path.join(tmpdir(), 'composeshift-action-'));
  const values: Record<string, string> = {};
  for (const [k, spec] of Object.entries(action.inputs ?? {})) values[k] = inputs[k] ?? spec.default ?? '';
  for (const k of Object.keys(inputs)) if (!(k in values)) throw new Error(`action.yml has no input ${k}`);
  const steps: Record<string, Record<string, string>> = {};
  const summary = path.join(temp, 'step-summary.md');
  const envFile = path.join(temp, 'github-env');
  writeFileSync(summary, '');
  writeFileSync(envFile, '');
  const expr = (text: string): string =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, e: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(e))) {
        if (!(m[1]! in values)) throw new Error(`unknown input ${m[1]}`);
        return values[m[1]!]!;
      }
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return steps[m[1]!]?.[m[2]!] ?? '';
      if (e === 'github.action_path') return actionDir;
      if (e === 'github.workspace') return workspace;
      if (e === 'runner.temp') return temp;
      throw new Error(`unsupported expression \${{ ${e} }}`);
    });
  // The runner's INPUT_<NAME>: upper case, spaces to underscores (dashes kept).
  const inputEnv = Object.fromEntries(Object.entries(values).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  const added: Record<string, string> = {};
  let stdout = '';
  let stderr = '';
  for (const [i, step] of action.runs.steps.entries()) {
    const label = step.name ?? step.id ?? `step ${i + 1}`;
    if (step.uses) throw new Error(`${label}: uses: is not run by this runner`);
    if (step.if !== undefined) throw new Error(`${label}: if: is not evaluated by this runner`);
    if (step.shell !== 'bash' || step.run === undefined) throw new Error(`${label}: only run steps with shell: bash`);
    const script = path.join(temp, `step-${i}.sh`);
    writeFileSync(script, expr(step.run));
    const output = path.join(temp, `output-${i}`);
    writeFileSync(output, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(String(v))]));
    const r = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? path.resolve(workspace, expr(step['working-directory'])) : workspace,
      env: {
        ...process.env,
        ...env,
        ...inputEnv,
        ...added,
        ...stepEnv,
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        GITHUB_ACTION_PATH: actionDir,
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: temp,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
        GITHUB_ENV: envFile,
      },
      reject: false,
      all: false,
    });
    stdout += String(r.stdout);
    stderr += String(r.stderr);
    if (step.id) steps[step.id] = parseCommandFile(readFileSync(output, 'utf8'));
    Object.assign(added, parseCommandFile(readFileSync(envFile, 'utf8')));
    if (r.exitCode !== 0) return { code: r.exitCode ?? 1, failedStep: label, outputs: actionOutputs(), summary: readFileSync(summary, 'utf8'), stdout, stderr, temp };
  }
  return { code: 0, outputs: actionOutputs(), summary: readFileSync(summary, 'utf8'), stdout, stderr, temp };

  function actionOutputs(): Record<string, string> {
    return Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, o]) => [k, expr(o.value)]));
  }
}
