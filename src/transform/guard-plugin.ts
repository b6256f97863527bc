import path from 'node:path';
import type { AnyTransform, TransformContext } from './types.js';
import { InputError } from '../core/errors.js';
import { PluginError } from './load-plugin.js';

/** The plugin's own stack frame (`rules/x.js:12:7`), so that an error points at the line that threw. */
function frameOf(err: unknown, module: string): string {
  const stack = err instanceof Error ? err.stack ?? '' : '';
  const line = stack.split('\n').find((l) => l.includes(module));
  const m = line && /:(\d+):(\d+)\)?\s*$/.exec(line);
  return m ? ` (at ${path.basename(module)}:${m[1]}:${m[2]})` : '';
}

/** Why a value cannot go into the run's output (`--json`, reports): undefined when it can. */
function notData(value: unknown): string | undefined {
  try {
    JSON.stringify(value);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** What is wrong with an edit a plugin hands in, against the files the run read (undefined when nothing). */
function editProblem(e: unknown, ctx: TransformContext): string | undefined {
  if (e === null || typeof e !== 'object') return `an edit must be { file, range: [start, end], text }, got ${e === null ? 'null' : typeof e}`;
  const { file, range, text } = e as { file?: unknown; range?: unknown; text?: unknown };
  if (typeof file !== 'string') return `edit.file must be an absolute path (a string), got ${typeof file}`;
  const src = ctx.project.files.get(file);
  if (!src) return `edits ${file}, a file the run did not read (a plugin edits only files of the project: ctx.project.files)`;
  if (typeof text !== 'string') return `edit of ${src.rel}: text must be a string, got ${typeof text}`;
  const ok = Array.isArray(range) && range.length === 2 && range.every((n) => Number.isInteger(n)) && 0 <= range[0] && range[0] <= range[1] && range[1] <= src.text.length;
  if (!ok) return `edit of ${src.rel}: range must be [start, end] with 0 <= start <= end <= ${src.text.length}, got ${JSON.stringify(range)}`;
  return undefined;
}

/**
 * Wrap a plugin so that whatever it does wrong is a PluginError naming its module (exit 2, nothing written), never
 * an internal error: `run` throwing, an edit of a file the run did not read or of a bad range or text, a finding or
 * change that is not plain data.
 */
export function guardPlugin(module: string, t: AnyTransform): AnyTransform {
  const name = t.meta.name;
  const fail = (why: string): never => {
    throw new PluginError(`plugin ${module} (${name}): ${why}`, module);
  };
  const run = (ctx: TransformContext): ReturnType<AnyTransform['run']> => {
    const guarded: TransformContext = {
      ...ctx,
      edit: (e) => {
        const problem = editProblem(e, ctx);
        if (problem) fail(problem);
        ctx.edit(e);
      },
      change: (c) => {
        const problem = notData(c) ?? (Array.isArray((c as { expect?: unknown }).expect) ? undefined : 'expect must be a list (of the values the change sets)');
        if (problem) fail(`a change is not plain data: ${problem}`);
        ctx.change(c);
      },
      report: (f) => {
        const problem = notData(f);
        if (problem) fail(`a finding is not plain data: ${problem}`);
        ctx.report(f);
      },
    };
    let returned: ReturnType<AnyTransform['run']>;
    try {
      returned = t.run(guarded as never);
      if (returned !== undefined && returned !== null && !Array.isArray(returned)) fail(`run returned ${typeof returned === 'object' ? 'an object' : typeof returned}; it returns nothing or a list of edits`);
      for (const e of (returned as unknown[] | undefined) ?? []) guarded.edit(e as never);
    } catch (err) {
      if (err instanceof PluginError) throw err;
      // Bad input a library helper found (setSetting under `deploy: [1]`) is the input's error, at its file:line:col;
      // InputError's instanceof holds across the plugin's own copy of the library.
      if (err instanceof InputError) throw err;
      fail(`run threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}${frameOf(err, module)}`);
    }
    // Edits returned were handed in above.
    return undefined;
  };
  return { ...t, run } as AnyTransform;
}
