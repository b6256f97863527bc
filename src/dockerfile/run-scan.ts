import path from 'node:path';
import { LineIndex } from '../core/position.js';
import type { DockerfileModel, DockerfileProblem, Instruction, Word } from './model.js';
import { parsePipCommand, projectInstaller, type PipInstall } from './pip-install.js';
import { splitShell, type ShellCommand } from './shell-words.js';

/** A command that installs the project itself (`pip install .`, `poetry install`), not a requirements file. */
export interface ProjectInstall {
  instruction: Instruction;
  line: number;
  /** What was run: `pip install .`, `uv sync`... */
  command: string;
  /**
   * The project folder in the image (`pip install ./api[x]` after `WORKDIR /app` → /app/api; `uv sync` → WORKDIR),
   * and whether the command installs the project's own `[project] dependencies` (not with `--no-deps`, `--only …`).
   */
  project?: { imagePath: string; installsDependencies: boolean };
}

/** What the RUN instructions of a Dockerfile install. */
export interface RunScan {
  installs: PipInstall[];
  projectInstalls: ProjectInstall[];
  /** RUN lines that could not be split into commands (code `unparseable-run`). */
  problems: DockerfileProblem[];
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

/** Every pip install of a Dockerfile, in file order. */
export function findPipInstalls(df: DockerfileModel): PipInstall[] {
  return scanRuns(df).installs;
}

/** Find pip installs, project installs and unreadable RUN lines of a Dockerfile. */
export function scanRuns(df: DockerfileModel): RunScan {
  const out: RunScan = { installs: [], projectInstalls: [], problems: [] };
  const lines = new LineIndex(df.file.text);
  const text = df.file.text;
  for (const instr of df.instructions) {
    if (instr.keyword !== 'RUN' || !instr.argsRange) continue;
    const scripts: { commands: ShellCommand[]; form: PipInstall['form'] }[] = [];
    const fail = (message: string, offset: number): void => {
      out.problems.push({ code: 'unparseable-run', message: `cannot read RUN: ${message}`, offset, line: lines.position(offset).line });
    };
    if (instr.exec) {
      const script = shellScript(instr.args);
      if (!script) scripts.push({ commands: [{ words: instr.args }], form: 'exec' });
      else if (text.slice(script.range[0] + 1, script.range[1] - 1).includes('\\')) fail('escaped characters in a JSON shell script', script.range[0]);
      else {
        const parsed = splitShell(text, script.range[0] + 1, script.range[1] - 1, null);
        if (parsed.error) fail(parsed.error.message, parsed.error.offset);
        scripts.push({ commands: parsed.commands, form: 'exec' });
      }
    } else {
      let [start, end] = instr.argsRange;
      if (instr.heredocs.length > 0) {
        const nl = text.slice(start, end).search(/[\r\n]/);
        if (nl >= 0) end = start + nl;
      }
      const parsed = splitShell(text, start, end, df.escape);
      if (parsed.error) fail(parsed.error.message, parsed.error.offset);
      scripts.push({ commands: parsed.commands, form: 'shell' });
      const launcher = parsed.commands[0]?.words[0]?.text;
      if (launcher === undefined || SHELLS.has(path.posix.basename(launcher))) {
        for (const h of instr.heredocs) {
          const body = splitShell(text, h.content[0], h.content[1], null);
          if (body.error) fail(body.error.message, body.error.offset);
          scripts.push({ commands: body.commands, form: 'heredoc' });
        }
      }
    }
    for (const { commands, form } of scripts) {
      for (const c of commands) {
        const install = parsePipCommand(c.words, instr, form);
        if (install) {
          out.installs.push(install);
          for (const p of install.packages) {
            const deps = !install.options.some((o) => /^--no-deps$|^--no-dependencies$/.test(o));
            if (p.kind === 'path' && !/[*]|\.(whl|zip|tgz|tar\.gz|tar\.bz2)$/i.test(p.text)) {
              out.projectInstalls.push({ instruction: instr, line: instr.line, command: `pip install ${p.text}`, ...projectAt(instr, p.text, deps) });
            } else if (p.kind === 'editable' && /^[./~]/.test(p.text)) {
              out.projectInstalls.push({ instruction: instr, line: instr.line, command: `pip install -e ${p.text}`, ...projectAt(instr, p.text, deps) });
            }
          }
          continue;
        }
        const project = projectInstaller(c.words);
        // `poetry install --only dev`, `uv sync --only-group x`, `--no-deps`-like flags: what it installs is not the main list.
        const deps = !c.words.some((w) => /^--only(?:-group|-dev)?(?:=|$)|^--no-deps$/.test(w.text));
        if (project) out.projectInstalls.push({ instruction: instr, line: instr.line, command: project, project: { imagePath: path.posix.normalize(instr.workdir || '/'), installsDependencies: deps } });
      }
    }
  }
  return out;
}

/** The image folder of a `pip install <path>` project (extras and a `~` home left out: unknown). */
function projectAt(instr: Instruction, text: string, installsDependencies: boolean): Pick<ProjectInstall, 'project'> {
  const dir = text.replace(/\[[^\]]*\]$/, '');
  if (dir.startsWith('~') || /\$/.test(dir)) return {};
  return { project: { imagePath: path.posix.resolve(instr.workdir || '/', dir), installsDependencies } };
}

/** The script word of an exec-form `["sh", "-c", "script"]`, if that is what the array is. */
function shellScript(args: Word[]): Word | undefined {
  const [cmd, flag, script] = args;
  if (!cmd || !script || args.length !== 3 || !SHELLS.has(path.posix.basename(cmd.text))) return undefined;
  return flag?.text === '-c' ? script : undefined;
}
